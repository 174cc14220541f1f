package dev.ecbd.dispatcher;

import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;

import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A pinned platform thread that runs extensions: it drains its own bounded MPSC queue of sessions,
 * reclaims pending sessions past their deadline, and idles by spinning, then yielding, then
 * parking. Everything it calls runs on its thread, one thing at a time.
 *
 * <h2>Queue</h2>
 * The queue's capacity is the worker's slot count plus {@code queueCapacity}. New requests are
 * admitted only while fewer than {@code queueCapacity} sessions wait ({@link #offerNew}); a wake-up
 * for a session already admitted always fits, because a session is in the queue at most once.
 *
 * <h2>Parking</h2>
 * Before parking the worker publishes {@code parked = true} (volatile) and then looks at the queue
 * once more; a producer offers, issues a full fence, and then reads {@code parked}. One of the two
 * always sees the other, so no wake-up is lost. A parked worker also wakes for its next deadline.
 */
public final class Worker implements Runnable
{
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    private static final int DRAIN_LIMIT = 256;
    private static final int SPIN_LIMIT = 64;
    private static final int YIELD_LIMIT = SPIN_LIMIT + 16;
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int id;
    private final int cpu;
    private final int queueCapacity;
    private final MpscArrayQueue<EcbSession> queue;
    private final PendingSessions pendingSessions;
    private final MessagePassingQueue.Consumer<EcbSession> onWake = EcbSession::onWake;
    private final Thread thread;
    private final CountDownLatch started = new CountDownLatch(1);

    private volatile boolean running = true;
    private volatile boolean parked;
    private volatile String pinning = "not started";
    private int idleCount;

    Worker(final int id, final int cpu, final int slots, final int queueCapacity, final long sessionTimeoutNs)
    {
        this.id = id;
        this.cpu = cpu;
        this.queueCapacity = queueCapacity;
        this.queue = new MpscArrayQueue<>(slots + queueCapacity);
        this.pendingSessions = new PendingSessions(sessionTimeoutNs);
        this.thread = new Thread(this, "ecbd-worker-" + id);
    }

    /** @return this worker's index, from 0. */
    public int id()
    {
        return id;
    }

    /** @return the thread's name, {@code ecbd-worker-N}. */
    public String name()
    {
        return thread.getName();
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

    @Override
    public void run()
    {
        pin();
        started.countDown();
        while (running)
        {
            int work = queue.drain(onWake, DRAIN_LIMIT);
            work += pendingSessions.expire(System.nanoTime());
            idle(work);
        }
        queue.drain(onWake);
        pendingSessions.reclaimAll(SessionEnd.SHUT_DOWN);
        queue.drain(onWake);
    }

    private void pin()
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
        LOG.log(level, "{0} {1}", name(), pinning);
    }

    boolean offerNew(final EcbSession session)
    {
        if (!running || !queue.offerIfBelowThreshold(session, queueCapacity))
        {
            return false;
        }
        unparkIfParked();
        return true;
    }

    void offerWake(final EcbSession session)
    {
        if (!queue.offer(session))
        {
            throw new IllegalStateException(name() + " queue overflowed on a wake-up; a session was queued twice");
        }
        unparkIfParked();
    }

    private void unparkIfParked()
    {
        // NOTE: orders the offer's element store before the read of parked (see class javadoc).
        VarHandle.fullFence();
        if (parked)
        {
            LockSupport.unpark(thread);
        }
    }

    private void idle(final int work)
    {
        if (work > 0)
        {
            idleCount = 0;
        }
        else if (++idleCount <= SPIN_LIMIT)
        {
            Thread.onSpinWait();
        }
        else if (idleCount <= YIELD_LIMIT)
        {
            Thread.yield();
        }
        else
        {
            parked = true;
            if (queue.isEmpty() && running)
            {
                LockSupport.parkNanos(this, Math.max(1, Math.min(MAX_PARK_NS, pendingSessions.nanosToNextDeadline(System.nanoTime()))));
            }
            parked = false;
        }
    }

    /**
     * Stops the worker: it serves what is queued, reclaims every pending session as
     * {@link SessionEnd#SHUT_DOWN}, and exits.
     */
    void stop(final long timeoutMs) throws InterruptedException
    {
        running = false;
        LockSupport.unpark(thread);
        thread.join(timeoutMs);
    }
}
