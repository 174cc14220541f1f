package dev.ecbd.dispatcher;

import org.agrona.concurrent.IdleStrategy;
import org.jctools.queues.MessagePassingQueue;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a worker waits for work: it spins briefly, then yields, then parks until a producer wakes
 * it or its next session deadline comes. The worker's thread calls {@link #idle}; producers call
 * {@link #wake}.
 *
 * <h2>No lost wake-up</h2>
 * Before parking the worker stores {@code parked = true} (volatile) and then looks at its queue
 * once more; a producer offers to the queue, issues a full fence, and then reads {@code parked}.
 * One of the two always sees the other, so a session offered while the worker goes to sleep is
 * either seen by the worker's last look or unparks it.
 */
final class WorkerIdleStrategy implements IdleStrategy
{
    private static final int SPIN_LIMIT = 64;
    private static final int YIELD_LIMIT = SPIN_LIMIT + 16;
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final MessagePassingQueue<?> queue;
    private final PendingSessions deadlines;
    private volatile boolean parked;
    private volatile boolean closing;
    private int idleCount;

    WorkerIdleStrategy(final MessagePassingQueue<?> queue, final PendingSessions deadlines)
    {
        this.queue = queue;
        this.deadlines = deadlines;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            idleCount = 0;
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        if (++idleCount <= SPIN_LIMIT)
        {
            Thread.onSpinWait();
        }
        else if (idleCount <= YIELD_LIMIT || closing)
        {
            Thread.yield();
        }
        else
        {
            parked = true;
            if (queue.isEmpty() && !closing)
            {
                LockSupport.parkNanos(this, Math.max(1, Math.min(MAX_PARK_NS, deadlines.nanosToNextDeadline(System.nanoTime()))));
            }
            parked = false;
        }
    }

    @Override
    public void reset()
    {
        idleCount = 0;
    }

    @Override
    public String alias()
    {
        return "spin-yield-park-until-deadline";
    }

    /** Wakes {@code worker} if it is parked; call after offering to its queue. Any thread. */
    void wake(final Thread worker)
    {
        // NOTE: orders the offer's element store before the read of parked (see class javadoc).
        VarHandle.fullFence();
        if (parked)
        {
            LockSupport.unpark(worker);
        }
    }

    /** Stops parking, so that the worker sees its runner stop at once. Any thread. */
    void close(final Thread worker)
    {
        closing = true;
        LockSupport.unpark(worker);
    }
}
