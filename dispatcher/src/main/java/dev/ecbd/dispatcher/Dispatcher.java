package dev.ecbd.dispatcher;

import dev.ecbd.api.Extension;
import dev.ecbd.api.NonBlocking;
import dev.ecbd.pool.EcbPool;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Admission and the workers: acquires an ECB slot for each request, resolves its extension, and
 * runs it on the slot's worker (or inline on the admitting I/O thread, for a {@link NonBlocking}
 * extension, or an {@link InlineWhenReady} one that is ready). Worker {@code w} serves the slots of pool partition {@code w}.
 *
 * <p>I/O threads call {@link #admit}; nothing in it blocks them. {@link #start()},
 * {@link #awaitIdle} and {@link #close()} are for the thread that owns the server.
 */
public final class Dispatcher implements AutoCloseable
{
    /** Whether an extension class declared {@link NonBlocking}, read once per class. */
    private static final ClassValue<Boolean> INLINE = new ClassValue<>()
    {
        @Override
        protected Boolean computeValue(final Class<?> type)
        {
            return type.isAnnotationPresent(NonBlocking.class);
        }
    };

    /** How long closing waits for each worker; a worker stuck inside an extension call is left behind. */
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final EcbPool pool;
    private final ExtensionResolver resolver;
    private final Worker[] workers;
    private final EcbSession[] sessions;

    /**
     * Builds the pool, the workers and a session per slot; each slot's exchange is bound to its session.
     *
     * @param exchangeForSlot the transport's exchange for each slot index.
     * @param resolver maps a request path to its extension.
     */
    public Dispatcher(final DispatcherConfig config, final IntFunction<Exchange> exchangeForSlot, final ExtensionResolver resolver)
    {
        this.pool = new EcbPool(config.poolSize(), config.workers());
        this.resolver = resolver;
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
            final Exchange exchange = exchangeForSlot.apply(slot);
            sessions[slot] = new EcbSession(pool.slot(slot), pool, exchange, workers[pool.partitionOf(slot)], resolver);
            exchange.bind(sessions[slot]);
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
     * Admits one request: acquires a free slot (preferring worker {@code preferredWorker}'s
     * partition, then the others in turn), stamps it, lets the transport fill its exchange,
     * resolves the extension, and runs it inline or queues it to the slot's worker. I/O thread;
     * never blocks.
     *
     * @param acceptedNs when the request's bytes arrived ({@link System#nanoTime()}).
     */
    public Admission admit(final int preferredWorker, final RequestIntake intake, final long connectionId, final long sequence, final long acceptedNs)
    {
        final int slot = acquire(preferredWorker);
        if (slot == EcbPool.NO_SLOT)
        {
            return Admission.NO_SLOT;
        }
        final EcbSession session = sessions[slot];
        session.slot().connectionId(connectionId).requestSequence(sequence).acceptedNs(acceptedNs).workerId(session.worker().id()).firstByteNs(0);
        intake.fill(slot);
        session.admitted();
        final Route route = resolver.resolve(session.exchange().pathView());
        final Extension extension = route.extension();
        if (INLINE.get(extension.getClass()) || extension instanceof InlineWhenReady ready && ready.readyInline(session.exchange()))
        {
            session.invokeInline(route);
        }
        else if (!session.dispatch(route))
        {
            intake.unfill(slot);
            session.cancelDispatch();
            return Admission.QUEUE_FULL;
        }
        return Admission.ADMITTED;
    }

    private int acquire(final int preferredWorker)
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
     * Waits until every ECB is back in the pool, or {@code timeoutNs} has passed.
     *
     * @return whether the pool is idle.
     */
    public boolean awaitIdle(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (pool.inUse() > 0 && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return pool.inUse() == 0;
    }

    /**
     * Stops every worker after it has served its queue and reclaimed its pending sessions as
     * {@link SessionEnd#SHUT_DOWN}. The transport must have stopped admitting first.
     */
    @Override
    public void close()
    {
        for (final Worker worker : workers)
        {
            worker.stop(STOP_TIMEOUT_MS);
        }
    }
}
