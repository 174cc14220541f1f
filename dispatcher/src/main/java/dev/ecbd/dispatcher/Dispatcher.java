package dev.ecbd.dispatcher;

import dev.ecbd.pool.EcbPool;

import java.util.List;
import java.util.function.IntFunction;

/**
 * The workers and the sessions of every ECB slot. Worker {@code w} serves the slots of pool
 * partition {@code w}, so the pool must have exactly one partition per worker.
 *
 * <p>I/O threads call {@link #acquire(int)} and {@link EcbSession#dispatch()}; nothing here blocks
 * them. {@link #start()} and {@link #close()} are for the thread that owns the server.
 */
public final class Dispatcher implements AutoCloseable
{
    private final EcbPool pool;
    private final Worker[] workers;
    private final EcbSession[] sessions;

    /**
     * @param pool the ECB pool, with one partition per worker.
     * @param exchangeForSlot the transport's exchange for each slot index.
     * @param config worker count, pinning, queue capacity, session timeout.
     */
    public Dispatcher(final EcbPool pool, final IntFunction<Exchange> exchangeForSlot, final DispatcherConfig config)
    {
        if (pool.partitions() != config.workers())
        {
            throw new IllegalArgumentException("the ECB pool has " + pool.partitions() + " partitions for " + config.workers() + " workers");
        }
        this.pool = pool;
        final int[] cpus = config.cpus();
        this.workers = new Worker[config.workers()];
        for (int w = 0; w < workers.length; w++)
        {
            final int cpu = cpus.length == 0 ? -1 : cpus[w % cpus.length];
            workers[w] = new Worker(w, cpu, pool.partitionCapacity(w), config.queueCapacity(), config.sessionTimeout().toNanos());
        }
        this.sessions = new EcbSession[pool.capacity()];
        for (int slot = 0; slot < sessions.length; slot++)
        {
            sessions[slot] = new EcbSession(pool.slot(slot), pool, exchangeForSlot.apply(slot), workers[pool.partitionOf(slot)]);
        }
    }

    /** Starts every worker; returns once each has tried to pin itself. */
    public void start()
    {
        for (final Worker worker : workers)
        {
            worker.start();
        }
    }

    /**
     * Takes a free ECB slot, preferring the partition of worker {@code preferredWorker}, then the
     * others in turn. Never blocks.
     *
     * @return the slot index, or {@link EcbPool#NO_SLOT} when every slot is in use.
     */
    public int acquire(final int preferredWorker)
    {
        final int partitions = workers.length;
        for (int i = 0; i < partitions; i++)
        {
            final int slot = pool.acquire((preferredWorker + i) % partitions);
            if (slot != EcbPool.NO_SLOT)
            {
                return slot;
            }
        }
        return EcbPool.NO_SLOT;
    }

    /** @return the session of slot {@code slot}. */
    public EcbSession session(final int slot)
    {
        return sessions[slot];
    }

    /** @return the ECB pool. */
    public EcbPool pool()
    {
        return pool;
    }

    /** @return the workers, by id. */
    public List<Worker> workers()
    {
        return List.of(workers);
    }

    /**
     * Stops every worker after it has served its queue and reclaimed its pending sessions as
     * {@link SessionEnd#SHUT_DOWN}. The transport must have stopped dispatching first.
     */
    @Override
    public void close()
    {
        try
        {
            for (final Worker worker : workers)
            {
                worker.stop(10_000);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
