package dev.ecbd.transport;

import dev.ecbd.dispatcher.StageLatencies;
import io.netty.util.concurrent.EventExecutor;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;

import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The way back from workers to one I/O thread: a bounded MPSC queue of {@link Handoff mailboxes}
 * with output or a read request posted, drained on the I/O thread by one task that is scheduled only when the queue goes
 * from idle to busy.
 *
 * <h2>Guarantees</h2>
 * <ol>
 * <li>{@link #post} never fails and never blocks: a mailbox has at most one output batch and
 * one read in flight, so a queue twice as large as the ECB pool always has room. Once the I/O
 * thread has stopped (the server is closing) a post is dropped.</li>
 * <li>Everything a worker wrote before {@link #post} is visible to the I/O thread when it takes
 * that mailbox (the queue's release offer, acquire poll).</li>
 * <li>No post is stranded: a producer offers and then tries to set {@code scheduled} from 0 to 1;
 * the drain task swaps it back to 0 before it drains. A producer that finds it already 1 offered
 * before the swap, so that drain sees its mailbox.</li>
 * <li>Connections written to during a drain are flushed once at its end, so a burst of responses
 * costs one flush per connection, not one per response.</li>
 * </ol>
 */
final class IoLane implements Runnable
{
    private static final MessagePassingQueue.Consumer<Handoff> DELIVER = handoff -> handoff.inFlight().onPosted(false);

    private final EventExecutor executor;
    private final MpscArrayQueue<Handoff> queue;
    private final AtomicInteger scheduled = new AtomicInteger();
    private final ArrayList<OutboundWriter> toFlush = new ArrayList<>();
    private boolean inDrain;
    /** Where this I/O thread records the requests it recycles; set before the server takes connections, or null. */
    private StageLatencies latencies;
    /** This I/O thread's clock as last read: at the start of a drain of the lane, or of a socket read. */
    private long nowNs;

    IoLane(final EventExecutor executor, final int capacity)
    {
        this.executor = executor;
        this.queue = new MpscArrayQueue<>(Math.max(2, capacity));
    }

    /** @return where this I/O thread records request latencies, or null when it records none. */
    StageLatencies latencies()
    {
        return latencies;
    }

    /**
     * @return the time this I/O thread last read, at the start of the drain or socket read it is
     *         in: what the requests it recycles meanwhile are timed by, one clock read for all.
     */
    long nowNs()
    {
        return nowNs;
    }

    /** Notes the time a socket read began on this I/O thread. */
    void nowNs(final long readNs)
    {
        this.nowNs = readNs;
    }

    /** Sets where this I/O thread records request latencies; before the server takes connections. */
    void latencies(final StageLatencies latencies)
    {
        this.latencies = latencies;
    }

    /** Hands what a mailbox holds to this I/O thread. Any thread. */
    void post(final Handoff handoff)
    {
        if (!queue.offer(handoff))
        {
            throw new IllegalStateException("I/O lane overflowed; an exchange had two batches in flight");
        }
        if (scheduled.compareAndSet(0, 1))
        {
            try
            {
                executor.execute(this);
            }
            catch (final RejectedExecutionException ex)
            {
                // NOTE: the I/O thread has stopped, so the server is past its drain and closing: a worker that was
                // stuck in an extension until now has nobody to deliver to, and its connection is closed already.
                queue.clear();
            }
        }
    }

    /** @return whether the caller is this lane's I/O thread. */
    boolean inEventLoop()
    {
        return executor.inEventLoop();
    }

    /**
     * Asks for {@code writer}'s connection to be flushed at the end of the current drain, if one is under
     * way; outside a drain the caller's own event (read complete, timer) flushes. I/O thread.
     */
    void flushLater(final OutboundWriter writer)
    {
        if (inDrain)
        {
            toFlush.add(writer);
        }
    }

    @Override
    public void run()
    {
        scheduled.getAndSet(0);
        nowNs = System.nanoTime();
        inDrain = true;
        queue.drain(DELIVER);
        inDrain = false;
        for (int i = 0; i < toFlush.size(); i++)
        {
            toFlush.get(i).flushNow();
        }
        toFlush.clear();
    }
}
