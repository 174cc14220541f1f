package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The mailbox of one exchange: the only place where its worker and its connection's I/O thread
 * meet. Besides the lane that carries it ({@link IoLane}, a queue) and the once-a-second date
 * cache ({@link HttpDate}), it is the only class of the transport with volatile fields, and it
 * holds every one that request state crosses threads through. It carries output batches and
 * read requests from the worker to the I/O thread, and read results and connection facts back.
 * One per ECB slot, reused for every request the slot carries.
 *
 * <p>Names follow JCTools: {@code lv}/{@code sv} load and store volatile, {@code so} stores with
 * release semantics only, {@code lp}/{@code sp} are plain. A plain field is published by the
 * release store named in the {@code NOTE:} beside it and read after the matching acquiring load.
 *
 * <h2>Assumptions</h2>
 * <ol>
 * <li>The worker that owns the slot is the only producer of output batches and read requests;
 * an inline request's I/O thread stands in for it, and then posts and takes on the same thread.</li>
 * <li>The I/O thread of the request's connection is the only consumer, reached through its
 * {@link IoLane}, whose offer and poll are a release/acquire pair.</li>
 * <li>{@link #reset} runs on the I/O thread after the request's last batch was taken, and the next
 * dispatch (a release in the worker's queue) publishes it to the worker.</li>
 * </ol>
 *
 * <h2>Guarantees</h2>
 * <ol>
 * <li>At most one output batch is in flight: {@link #awaitOutputTaken} waits until the I/O thread
 * has {@link #ackOutput acknowledged} the previous one, so at most two batches of a response are
 * in memory, one being filled and one being sent.</li>
 * <li>At most one read is in flight, and a synchronous one is answered exactly once through
 * {@code readResult}; the worker parks until then.</li>
 * <li>Every field the worker writes before posting is visible to the I/O thread once it has seen
 * the posted flag; every field the I/O thread writes before a volatile store the worker waits on
 * is visible to the worker after it.</li>
 * <li>{@code connectionLost}, {@code bodyComplete} and {@code closeRequested} only ever go from
 * false to true within a request.</li>
 * </ol>
 */
final class Handoff
{
    private static final int IDLE = 0;
    private static final int IN_FLIGHT = 1;
    private static final int NO_READ = Integer.MIN_VALUE;
    private static final VarHandle OUTPUT_STATE;
    private static final VarHandle OUTPUT_POSTED;
    private static final VarHandle READ_POSTED;
    private static final VarHandle READ_RESULT;
    private static final VarHandle CONNECTION_LOST;
    private static final VarHandle BODY_COMPLETE;
    private static final VarHandle CLOSE_REQUESTED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            OUTPUT_STATE = lookup.findVarHandle(Handoff.class, "outputState", int.class);
            OUTPUT_POSTED = lookup.findVarHandle(Handoff.class, "outputPosted", boolean.class);
            READ_POSTED = lookup.findVarHandle(Handoff.class, "readPosted", boolean.class);
            READ_RESULT = lookup.findVarHandle(Handoff.class, "readResult", int.class);
            CONNECTION_LOST = lookup.findVarHandle(Handoff.class, "connectionLost", boolean.class);
            BODY_COMPLETE = lookup.findVarHandle(Handoff.class, "bodyComplete", boolean.class);
            CLOSE_REQUESTED = lookup.findVarHandle(Handoff.class, "closeRequested", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final ExchangeInFlight inFlight;
    private Thread worker;
    private IoLane lane;

    // Output batch: plain, written by the worker before the release of outputPosted, read by the I/O thread after takeOutputPosted.
    private ByteBuf first;
    private Object second;
    private ByteBuf third;
    private boolean last;
    private boolean close;
    private long asyncBytes = -1;
    private long generation;

    // Read request: plain, written by the worker before the release of readPosted, read by the I/O thread after takeReadPosted.
    private byte[] readTarget;
    private int readOffset;
    private int readLength;
    private boolean readAsync;
    private long readGeneration;
    // Read outcome: plain, written by the I/O thread before the volatile store of readResult, read by the worker after its load.
    private int readError;
    // Request fault: plain, written by the I/O thread before it answers the read that met the fault (the volatile store of
    // readResult, or the release offer that carries an asynchronous completion to the worker), read by the worker after.
    private int faultStatus;
    private String faultReason;

    @SuppressWarnings("unused")
    private volatile int outputState;
    @SuppressWarnings("unused")
    private volatile boolean outputPosted;
    @SuppressWarnings("unused")
    private volatile boolean readPosted;
    @SuppressWarnings("unused")
    private volatile int readResult = NO_READ;
    @SuppressWarnings("unused")
    private volatile boolean connectionLost;
    @SuppressWarnings("unused")
    private volatile boolean bodyComplete;
    @SuppressWarnings("unused")
    private volatile boolean closeRequested;

    Handoff(final ExchangeInFlight inFlight)
    {
        this.inFlight = inFlight;
    }

    /** @return the I/O thread's side of this exchange, which takes what is posted here. */
    ExchangeInFlight inFlight()
    {
        return inFlight;
    }

    /**
     * Binds the mailbox to the request's worker and lane. I/O thread, before dispatch.
     *
     * @param wholeBody whether every body byte came with the request.
     */
    void open(final Thread worker, final IoLane lane, final boolean wholeBody)
    {
        this.worker = worker;
        this.lane = lane;
        // NOTE: published to the worker by the dispatch queue's release offer, like the request itself.
        BODY_COMPLETE.setRelease(this, wholeBody);
    }

    /** @return whether the caller is the I/O thread of the request's connection (an inline request). */
    boolean onIoThread()
    {
        return lane.inEventLoop();
    }

    // ---------------------------------------------------------------- worker

    /** Waits until the I/O thread has taken the previous batch. Worker. */
    void awaitOutputTaken()
    {
        while ((int)OUTPUT_STATE.getVolatile(this) != IDLE)
        {
            LockSupport.park(this);
        }
    }

    /**
     * Posts an output batch: up to three messages in write order, any of them null.
     *
     * @param asyncBytes the byte count an asynchronous operation reports on completion, or -1.
     * @param generation the generation of the request that posts it.
     */
    void postOutput(final ByteBuf first, final Object second, final ByteBuf third, final boolean last, final boolean close,
        final long asyncBytes, final long generation)
    {
        this.first = first;
        this.second = second;
        this.third = third;
        this.last = last;
        this.close = close;
        this.asyncBytes = asyncBytes;
        this.generation = generation;
        final IoLane lane = this.lane;
        OUTPUT_STATE.setRelease(this, IN_FLIGHT);
        // NOTE: the release store publishes the batch fields above to the I/O thread's takeOutputPosted.
        // Past it the I/O thread may take a final batch and reset this mailbox: only locals from here.
        OUTPUT_POSTED.setRelease(this, true);
        deliver(lane);
    }

    /** Posts a read of up to {@code length} body bytes into {@code target}. Worker. */
    void postRead(final byte[] target, final int offset, final int length, final boolean async, final long generation)
    {
        readTarget = target;
        readOffset = offset;
        readLength = length;
        readAsync = async;
        readGeneration = generation;
        final IoLane lane = this.lane;
        // NOTE: the release store publishes the read fields above to the I/O thread's takeReadPosted.
        READ_POSTED.setRelease(this, true);
        deliver(lane);
    }

    private void deliver(final IoLane lane)
    {
        if (lane.inEventLoop())
        {
            // NOTE: an inline request runs on the connection's I/O thread: no hand-off needed.
            inFlight.onPosted(true);
        }
        else
        {
            lane.post(this);
        }
    }

    /**
     * Waits for the answer to the synchronous read posted last. Worker.
     *
     * @return bytes read, 0 at the end of the body; or -1 when it failed ({@link #readError()} says why).
     */
    int awaitReadResult()
    {
        int result;
        while ((result = (int)READ_RESULT.getVolatile(this)) == NO_READ)
        {
            LockSupport.park(this);
        }
        READ_RESULT.setVolatile(this, NO_READ);
        return result;
    }

    /** @return the error code of the read {@link #awaitReadResult} answered; read after it. */
    int readError()
    {
        return readError;
    }

    boolean lvConnectionLost()
    {
        return (boolean)CONNECTION_LOST.getVolatile(this);
    }

    boolean lvBodyComplete()
    {
        return (boolean)BODY_COMPLETE.getVolatile(this);
    }

    boolean lvCloseRequested()
    {
        return (boolean)CLOSE_REQUESTED.getVolatile(this);
    }

    // ---------------------------------------------------------------- I/O thread

    /** @return whether an output batch was posted and not yet taken; clears the flag. I/O thread. */
    boolean takeOutputPosted()
    {
        if ((boolean)OUTPUT_POSTED.getAcquire(this))
        {
            OUTPUT_POSTED.setOpaque(this, false);
            return true;
        }
        return false;
    }

    /** @return whether a read was posted and not yet taken; clears the flag. I/O thread. */
    boolean takeReadPosted()
    {
        if ((boolean)READ_POSTED.getAcquire(this))
        {
            READ_POSTED.setOpaque(this, false);
            return true;
        }
        return false;
    }

    /** Moves the posted batch's messages, in order, into {@code out}; nulls where absent. I/O thread. */
    void takeMessages(final Object[] out)
    {
        out[0] = first;
        out[1] = second;
        out[2] = third;
        first = null;
        second = null;
        third = null;
    }

    boolean lpLast()
    {
        return last;
    }

    boolean lpClose()
    {
        return close;
    }

    long lpAsyncBytes()
    {
        return asyncBytes;
    }

    long lpGeneration()
    {
        return generation;
    }

    byte[] lpReadTarget()
    {
        return readTarget;
    }

    int lpReadOffset()
    {
        return readOffset;
    }

    int lpReadLength()
    {
        return readLength;
    }

    boolean lpReadAsync()
    {
        return readAsync;
    }

    long lpReadGeneration()
    {
        return readGeneration;
    }

    /** Lets the worker post its next batch. I/O thread. */
    void ackOutput()
    {
        OUTPUT_STATE.setVolatile(this, IDLE);
        LockSupport.unpark(worker);
    }

    /** Answers the synchronous read posted last. I/O thread. */
    void answerRead(final int bytes, final int errorCode)
    {
        readTarget = null;
        // NOTE: readError is published by the volatile store of readResult.
        readError = errorCode;
        READ_RESULT.setVolatile(this, bytes);
        LockSupport.unpark(worker);
    }

    /** Records that the request body was refused with {@code status}, before the read that met it is answered. I/O thread. */
    void spRequestFault(final int status, final String reason)
    {
        faultStatus = status;
        faultReason = reason;
    }

    /** @return the status the request body was refused with, or 0; read after the read that met it was answered. Worker. */
    int lpFaultStatus()
    {
        return faultStatus;
    }

    String lpFaultReason()
    {
        return faultReason;
    }

    /** Forgets the read target once an asynchronous read has been answered. I/O thread. */
    void clearReadTarget()
    {
        readTarget = null;
    }

    void svConnectionLost()
    {
        CONNECTION_LOST.setVolatile(this, true);
    }

    void svBodyComplete()
    {
        BODY_COMPLETE.setVolatile(this, true);
    }

    void svCloseRequested()
    {
        CLOSE_REQUESTED.setVolatile(this, true);
    }

    /** Clears everything for the slot's next request. I/O thread, after the last batch was taken. */
    void reset()
    {
        first = null;
        second = null;
        third = null;
        readTarget = null;
        faultStatus = 0;
        faultReason = null;
        worker = null;
        lane = null;
        OUTPUT_STATE.setOpaque(this, IDLE);
        OUTPUT_POSTED.setOpaque(this, false);
        READ_POSTED.setOpaque(this, false);
        READ_RESULT.setOpaque(this, NO_READ);
        CONNECTION_LOST.setOpaque(this, false);
        BODY_COMPLETE.setOpaque(this, false);
        CLOSE_REQUESTED.setOpaque(this, false);
    }
}
