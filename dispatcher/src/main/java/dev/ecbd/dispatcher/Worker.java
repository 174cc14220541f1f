package dev.ecbd.dispatcher;

import dev.ecbd.os.CpuScheduling;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;

import java.util.concurrent.CountDownLatch;

/**
 * A pinned platform thread that runs extensions, as an Agrona {@link Agent}: each duty cycle
 * drains its own bounded MPSC queue of sessions and reclaims the pending sessions past their
 * deadline, and a {@link WorkerIdleStrategy} spins, yields, then parks when there was nothing to
 * do. Every callback of the agent, and so every extension call and completion of its sessions,
 * runs on its one thread, one at a time.
 *
 * <p>The thread drives the agent through an {@link AgentInvoker} rather than an Agrona
 * {@code AgentRunner}, whose close waits for the thread without end: stopping a worker waits a
 * bounded time, so that an extension stuck inside a call cannot hold the server's shutdown.
 *
 * <h2>Queue</h2>
 * The queue's capacity is the worker's slot count plus {@code queueCapacity}. New requests are
 * admitted only while fewer than {@code queueCapacity} sessions wait ({@link #offerNew}); a wake-up
 * for a session already admitted always fits, because a session is in the queue at most once.
 */
public final class Worker implements Agent
{
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final int DRAIN_LIMIT = 256;

    private final int id;
    private final int cpu;
    private final String name;
    private final int queueCapacity;
    private final MpscArrayQueue<EcbSession> queue;
    private final PendingSessions pendingSessions;
    private final WorkerIdleStrategy idleStrategy;
    private final MessagePassingQueue.Consumer<EcbSession> onWake = EcbSession::onWake;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AgentInvoker invoker;
    private final Thread thread;

    private volatile boolean running = true;
    private volatile String pinning = "not started";

    Worker(final int id, final int cpu, final int slots, final int queueCapacity, final long sessionTimeoutNs)
    {
        this.id = id;
        this.cpu = cpu;
        this.name = "ecbd-worker-" + id;
        this.queueCapacity = queueCapacity;
        this.queue = new MpscArrayQueue<>(slots + queueCapacity);
        this.pendingSessions = new PendingSessions(sessionTimeoutNs);
        this.idleStrategy = new WorkerIdleStrategy(queue, pendingSessions);
        this.invoker = new AgentInvoker(failure -> LOG.log(System.Logger.Level.ERROR, name + " failed outside any extension call; it goes on", failure),
            null, this);
        this.thread = new Thread(this::run, name);
    }

    /** @return this worker's index, from 0. */
    public int id()
    {
        return id;
    }

    /** @return the thread's name, {@code ecbd-worker-N}. */
    public String name()
    {
        return name;
    }

    @Override
    public String roleName()
    {
        return name;
    }

    /** @return the worker's thread. */
    public Thread thread()
    {
        return thread;
    }

    /** @return the CPU this worker is meant to run on, or -1 when it is not pinned. */
    public int cpu()
    {
        return cpu;
    }

    /** @return how the pinning went: {@code pinned to CPU N}, or why it failed. */
    public String pinning()
    {
        return pinning;
    }

    /** @return how many sessions wait in the queue now (approximate while producers are busy). */
    public int queueDepth()
    {
        return queue.size();
    }

    PendingSessions pendingSessions()
    {
        return pendingSessions;
    }

    void start()
    {
        thread.start();
        try
        {
            started.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        invoker.start();
        while (running)
        {
            idleStrategy.idle(invoker.invoke());
        }
        invoker.close();
    }

    @Override
    public void onStart()
    {
        System.Logger.Level level = System.Logger.Level.INFO;
        if (cpu < 0)
        {
            pinning = "not pinned: no CPU was given for it";
        }
        else
        {
            final String failure = CpuScheduling.pinCurrentThread(cpu);
            pinning = failure == null ? "pinned to CPU " + cpu : "not pinned: " + failure;
            level = failure == null ? level : System.Logger.Level.WARNING;
        }
        LOG.log(level, "{0} {1}", name, pinning);
        started.countDown();
    }

    @Override
    public int doWork()
    {
        return queue.drain(onWake, DRAIN_LIMIT) + pendingSessions.expire(System.nanoTime());
    }

    /** Serves what is queued, reclaims every pending session as {@link SessionEnd#SHUT_DOWN}, and serves what that queued. */
    @Override
    public void onClose()
    {
        queue.drain(onWake);
        pendingSessions.reclaimAll(SessionEnd.SHUT_DOWN);
        queue.drain(onWake);
    }

    boolean offerNew(final EcbSession session)
    {
        if (!running || !queue.offerIfBelowThreshold(session, queueCapacity))
        {
            return false;
        }
        idleStrategy.wake(thread);
        return true;
    }

    void offerWake(final EcbSession session)
    {
        if (!queue.offer(session))
        {
            throw new IllegalStateException(name + " queue overflowed on a wake-up; a session was queued twice");
        }
        idleStrategy.wake(thread);
    }

    /**
     * Stops the worker: it refuses new requests, finishes its duty cycle, runs {@link #onClose()}
     * and exits. Waits for that at most {@code timeoutMs}.
     */
    void stop(final long timeoutMs)
    {
        running = false;
        idleStrategy.close(thread);
        try
        {
            thread.join(timeoutMs);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
