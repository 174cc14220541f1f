package dev.ecbd.dispatcher;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.IoCompletion;
import dev.ecbd.api.IoErrors;
import dev.ecbd.pool.EcbPool;
import dev.ecbd.pool.EcbSlot;
import dev.ecbd.pool.EcbState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import static dev.ecbd.pool.EcbSlotDescriptor.endReason;
import static dev.ecbd.pool.EcbSlotDescriptor.generation;
import static dev.ecbd.pool.EcbSlotDescriptor.state;
import static dev.ecbd.pool.EcbSlotDescriptor.stateWord;

/**
 * The server's side of one ECB slot: its state machine, and the bridge from the extension's handle
 * to the transport's {@link Exchange}. One per slot, created at start-up, reused for every request
 * the slot carries; served by one {@link Worker} for the life of the server.
 *
 * <h2>Who does what, on which thread</h2>
 * <ol>
 * <li>An I/O thread {@link Dispatcher#admit admits} a request: it stamps the slot, the transport
 * fills the exchange, and {@link #dispatch} queues the session: the slot is
 * {@link EcbState#DISPATCHED}, and the queue offer publishes everything written so far.</li>
 * <li>The worker polls the session (an acquire), moves it to {@link EcbState#RUNNING} and calls the
 * extension. It alone moves RUNNING to PENDING and back, and it alone moves ENDING to FINISHING.
 * For a {@link dev.ecbd.api.NonBlocking} extension the admitting I/O thread stands in for the
 * worker ({@link #invokeInline}) until the request has finished.</li>
 * <li>Any thread may end the request while it is RUNNING or PENDING, by one compare-and-set of the
 * state word into {@link EcbState#ENDING} with the next generation and the end reason. Exactly one
 * thread wins; whoever wins and is not the worker inside the call wakes the worker, which finishes
 * the response through {@link Exchange#finish(SessionEnd)} and moves the slot to FINISHING.</li>
 * <li>The transport, once the response's last bytes are with the connection, calls
 * {@link #recycle(StageLatencies, long)} on its I/O thread; the slot returns to its partition of the pool.</li>
 * </ol>
 *
 * <h2>Asynchronous operations</h2>
 * The worker records the operation in flight in the slot ({@link AsyncOp}) before the transport
 * starts it. The transport reports its end with {@link #completeAsync} on its I/O thread: it
 * writes the byte count and error code into the slot, sets {@code completion} (volatile) and wakes
 * the worker, which calls the extension's callback once the session is {@link EcbState#PENDING}.
 * A completion carries the generation of the request that started the operation and is dropped
 * if the slot has moved on, so it can never reach a later request.
 *
 * <p>A wake-up is a hint to look at the state word, never a command: a session is in its worker's
 * queue at most once ({@code queued}), and the worker acts on the state it reads after clearing
 * that flag, so a wake-up that arrives late, even for a later request of the same slot, is harmless.
 */
public final class EcbSession
{
    private static final VarHandle QUEUED;
    private static final VarHandle COMPLETION;
    private static final VarHandle EXTERNAL_COMPLETION;

    static
    {
        try
        {
            QUEUED = MethodHandles.lookup().findVarHandle(EcbSession.class, "queued", int.class);
            COMPLETION = MethodHandles.lookup().findVarHandle(EcbSession.class, "completion", int.class);
            EXTERNAL_COMPLETION = MethodHandles.lookup().findVarHandle(EcbSession.class, "externalCompletion", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final EcbSlot slot;
    private final EcbPool pool;
    private final Exchange exchange;
    private final Worker worker;
    private final ExtensionResolver resolver;

    /** 1 while the session sits in its worker's queue. */
    @SuppressWarnings("unused")
    private volatile int queued;

    /** 1 when an asynchronous operation has completed and its callback is due. */
    @SuppressWarnings("unused")
    private volatile int completion;

    /**
     * The end of a wait for external work, completed on a foreign thread: the request's generation
     * shifted left once, plus 1 when it failed; 0 when none is due. One volatile word and no slot
     * fields, so a completion arriving after its request ended can never touch a later one.
     */
    @SuppressWarnings("unused")
    private volatile long externalCompletion;

    /**
     * The route the I/O thread resolved for the request, set once the exchange is filled (a
     * volatile write, so that a worker finding the slot DISPATCHED through a stale wake-up acts
     * only once it is set) and cleared by the recycle that releases it.
     */
    private volatile Route route;

    /** The request's flight-recorder events. */
    private final SessionEvents events = new SessionEvents();

    /** The I/O thread running the request inline, or null: it stands in for the worker. */
    private Thread inlineThread;

    /** The request's generation, its completion callback and context; worker thread only. */
    private long generation;
    private IoCompletion callback;
    private Object callbackContext;

    /** Links of the worker's list of pending sessions; worker thread only. */
    EcbSession pendingPrevious;
    EcbSession pendingNext;
    long pendingDeadlineNs;
    boolean pendingLinked;

    EcbSession(final EcbSlot slot, final EcbPool pool, final Exchange exchange, final Worker worker, final ExtensionResolver resolver)
    {
        this.resolver = resolver;
        this.slot = slot;
        this.pool = pool;
        this.exchange = exchange;
        this.worker = worker;
    }

    /** @return the slot flyweight. */
    EcbSlot slot()
    {
        return slot;
    }

    /** @return the transport's exchange of this slot. */
    Exchange exchange()
    {
        return exchange;
    }

    /** Records the request's final response status, as the exchange settles it at the end. Worker (or the inline I/O thread). */
    public void responseStatus(final int status)
    {
        slot.httpStatus(status);
    }

    /** Records that the response's first bytes are leaving now. Worker (or the inline I/O thread). */
    public void firstByteSent()
    {
        slot.firstByteNs(System.nanoTime());
    }

    /** @return the worker that serves this slot. */
    public Worker worker()
    {
        return worker;
    }

    /**
     * Queues a freshly acquired, filled slot to its worker. Admitting I/O thread.
     *
     * @param route the route that serves the request.
     * @return false when the worker's queue is at its capacity: the caller sheds the request with
     *         {@link #cancelDispatch()}.
     */
    boolean dispatch(final Route route)
    {
        this.route = route;
        if ((int)QUEUED.getAndSet(this, 1) != 0)
        {
            // NOTE: a wake-up for the slot's previous request is still queued; it will find this one.
            return true;
        }
        if (!worker.offerNew(this))
        {
            QUEUED.setVolatile(this, 0);
            return false;
        }
        return true;
    }

    /** Opens the request's flight-recorder event, when a recording wants it. Admitting I/O thread, after the exchange is filled. */
    void admitted()
    {
        events.admitted(slot, worker.id(), exchange.pathView());
    }

    /** Returns a slot whose dispatch was refused to the pool. Admitting I/O thread. */
    void cancelDispatch()
    {
        events.cancelled();
        releaseRoute();
        slot.stateWordRelease(stateWord(slot.generation(), EcbState.FINISHING));
        pool.release(slot.index());
    }

    /**
     * Returns the slot to the pool after {@link Exchange#finish(SessionEnd)}, once the response's
     * last bytes are with the connection. I/O thread only.
     *
     * @param latencies where this I/O thread records the request's stages; null to record nothing.
     * @param nowNs the I/O thread's time now ({@link System#nanoTime()}), as it last read its clock.
     */
    public void recycle(final StageLatencies latencies, final long nowNs)
    {
        if (latencies != null)
        {
            // NOTE: the I/O thread's clock is read once per batch of work; a request that ended within
            // the batch (inline, say) ended no earlier than its session did.
            final long completedNs = slot.completedNs();
            latencies.record(worker.id(), slot.acceptedNs(), slot.dispatchedNs(), completedNs, slot.firstByteNs(), Math.max(nowNs, completedNs),
                slot.httpStatus());
        }
        releaseRoute();
        pool.release(slot.index());
    }

    private void releaseRoute()
    {
        final Route ended = route;
        route = null;
        ended.release();
    }

    /** @return the route of the request of {@code generation}, after the checks of {@link #exchange(long, String)}. */
    Route route(final long generation, final String operation)
    {
        exchange(generation, operation);
        return route;
    }

    /** @return the resolver of the server's URL namespace. */
    ExtensionResolver resolver()
    {
        return resolver;
    }

    /** @return the generation of the request being served; worker thread, between dispatch and finish. */
    public long currentGeneration()
    {
        return generation;
    }

    /**
     * Reports the end of the asynchronous operation a request of {@code generation} started; the
     * transport calls it once per operation, on its I/O thread (or on the worker, for an operation
     * that fails as it starts). Dropped when the request has ended.
     */
    public void completeAsync(final long generation, final long bytesTransferred, final int errorCode)
    {
        if (slot.generation() != generation)
        {
            return;
        }
        slot.bytesTransferred(bytesTransferred).errorCode(errorCode);
        COMPLETION.setVolatile(this, 1);
        wake();
    }

    /**
     * Reports the end of a wait for external work ({@link dev.ecbd.api.AsyncIo#completeWhen});
     * any thread. Ignored unless the request of {@code generation} is still the slot's.
     */
    void completeExternal(final long generation, final boolean failed)
    {
        EXTERNAL_COMPLETION.setVolatile(this, generation << 1 | (failed ? 1 : 0));
        wake();
    }

    /** Wakes the worker to look at this session; any thread. */
    void wake()
    {
        if ((int)QUEUED.getAndSet(this, 1) == 0)
        {
            worker.offerWake(this);
        }
    }

    /** Called by the worker for each session it polls. */
    void onWake()
    {
        QUEUED.setVolatile(this, 0);
        final long word = slot.stateWordAcquire();
        switch (state(word))
        {
            case EcbState.DISPATCHED ->
            {
                if (route != null)
                {
                    invoke(generation(word));
                }
            }
            case EcbState.PENDING ->
            {
                final long external = (long)EXTERNAL_COMPLETION.getVolatile(this);
                if (external != 0 && external >>> 1 == generation(word))
                {
                    EXTERNAL_COMPLETION.setVolatile(this, 0L);
                    deliverCompletion(word, 0, (external & 1) == 0 ? IoErrors.NONE : IoErrors.IO_FAILED);
                }
                else if ((int)COMPLETION.getVolatile(this) == 1)
                {
                    COMPLETION.setVolatile(this, 0);
                    deliverCompletion(word, slot.bytesTransferred(), slot.errorCode());
                }
            }
            case EcbState.ENDING -> finish(word);
            default ->
            {
                // NOTE: a late wake-up; the state it was for has already been handled.
            }
        }
    }

    /**
     * Runs a {@link dev.ecbd.api.NonBlocking} extension for a freshly acquired, filled slot on the
     * calling I/O thread, which stands in for the worker until the request has finished.
     */
    void invokeInline(final Route route)
    {
        this.route = route;
        inlineThread = Thread.currentThread();
        invoke(slot.generation());
    }

    private void invoke(final long generation)
    {
        this.generation = generation;
        this.callback = null;
        this.callbackContext = null;
        COMPLETION.setVolatile(this, 0);
        EXTERNAL_COMPLETION.setVolatile(this, 0L);
        slot.stateWordRelease(stateWord(generation, EcbState.RUNNING));
        // NOTE: an inline request runs the moment it is accepted; only a queued one waited.
        slot.dispatchedNs(inlineThread != null ? slot.acceptedNs() : System.nanoTime());
        events.dispatched(slot, generation);
        final Extension extension = route.extension();
        ExtensionStatus status;
        try
        {
            status = extension.handle(new EcbHandle(this, generation));
            if (status == null)
            {
                status = ExtensionFaults.noStatus(extension);
            }
        }
        catch (final Throwable ex)
        {
            status = ExtensionFaults.threw("extension", extension, ex);
        }
        if (status == ExtensionStatus.PENDING && inlineThread != null && generation(slot.stateWordAcquire()) == generation)
        {
            status = ExtensionFaults.pendingInline(extension);
        }
        afterCall(generation, status);
    }

    private void deliverCompletion(final long word, final long bytes, final int errorCode)
    {
        final long generation = generation(word);
        if (!slot.casStateWord(word, stateWord(generation, EcbState.RUNNING)))
        {
            return;
        }
        slot.asyncOp(AsyncOp.NONE);
        events.asyncCompleted(bytes, errorCode);
        ExtensionStatus status = ExtensionStatus.PENDING;
        try
        {
            callback.onCompletion(new EcbHandle(this, generation), callbackContext, bytes, errorCode);
        }
        catch (final Throwable ex)
        {
            status = ExtensionFaults.threw("I/O completion callback", callback, ex);
        }
        afterCall(generation, status);
    }

    /** Settles what the extension answered; the state may have moved on during the call. Worker only. */
    private void afterCall(final long generation, final ExtensionStatus status)
    {
        final long word = slot.stateWordAcquire();
        if (generation(word) == generation)
        {
            if (status == ExtensionStatus.PENDING)
            {
                if (slot.casStateWord(word, stateWord(generation, EcbState.PENDING)))
                {
                    if (!pendingLinked)
                    {
                        worker.pendingSessions().add(this);
                    }
                    return;
                }
            }
            else
            {
                final long ended = casEnding(word, SessionEnd.of(status).code());
                if (ended != 0)
                {
                    finish(ended);
                    return;
                }
            }
        }
        // NOTE: doneWithSession ended the request during the call; the first end wins.
        finish(slot.stateWordAcquire());
    }

    /** Ends a pending request the server reclaims (timeout, shutdown). Worker only. */
    void reclaim(final SessionEnd why)
    {
        final long word = slot.stateWordAcquire();
        if (state(word) == EcbState.PENDING)
        {
            final long ended = casEnding(word, why.code());
            if (ended != 0)
            {
                finish(ended);
                return;
            }
        }
        final long now = slot.stateWordAcquire();
        if (state(now) == EcbState.ENDING)
        {
            finish(now);
        }
    }

    private void finish(final long endedWord)
    {
        if (state(endedWord) != EcbState.ENDING)
        {
            throw new IllegalStateException("ECB slot " + slot.index() + " finished in state " + EcbState.name(state(endedWord)));
        }
        worker.pendingSessions().remove(this);
        final int reason = endReason(endedWord);
        slot.endStatus(reason).completedNs(System.nanoTime());
        events.ended(reason);
        slot.stateWordRelease(stateWord(generation(endedWord), EcbState.FINISHING, reason));
        // NOTE: cleared before the exchange finishes: its last batch may let the slot be recycled and
        // admitted again, inline by another I/O thread, before this call returns.
        inlineThread = null;
        exchange.finish(SessionEnd.ofCode(reason));
    }

    /**
     * The exchange, for a handle of {@code generation}: fails unless that request is still live and
     * the caller is the worker.
     */
    Exchange exchange(final long generation, final String operation)
    {
        final long word = slot.stateWordAcquire();
        if (generation(word) != generation)
        {
            throw stale(operation, word);
        }
        if (Thread.currentThread() != worker.thread() && Thread.currentThread() != inlineThread)
        {
            throw new IllegalStateException("ECB." + operation + " called on thread " + Thread.currentThread().getName()
                + "; every ECB method but doneWithSession must be called on its worker thread " + worker.name());
        }
        return exchange;
    }

    /** Registers the completion callback; worker thread, through a live handle. */
    void ioCompletion(final long generation, final IoCompletion callback, final Object context)
    {
        exchange(generation, "ioCompletion");
        this.callback = java.util.Objects.requireNonNull(callback, "callback");
        this.callbackContext = context;
    }

    /**
     * Checks that an asynchronous operation may start now, for a live handle on the worker.
     *
     * @return the exchange to start it on; the caller then calls {@link #asyncStarted(int)}.
     * @throws IllegalStateException when one is already in flight, or no callback is registered.
     */
    Exchange beginAsync(final long generation, final String operation)
    {
        final Exchange exchange = exchange(generation, operation);
        if (inlineThread != null)
        {
            throw new IllegalStateException("ECB." + operation + ": a @NonBlocking extension runs inline on an I/O thread and cannot start asynchronous operations");
        }
        requireNoneInFlight(operation, "start the next one from its completion callback");
        if (callback == null)
        {
            throw new IllegalStateException("ECB." + operation + ": register an I/O completion callback with ioCompletion(...) before asynchronous I/O");
        }
        return exchange;
    }

    /**
     * Starts a final send ({@link FileTransmission#finalSend()}) and ends the request
     * with it: the exchange keeps the transmission for {@link Exchange#finish(SessionEnd)}, which
     * sends it as the response's last batch. Worker (or the inline I/O thread), through a live handle.
     */
    void finalSend(final long generation, final FileTransmission transmission)
    {
        final Exchange exchange = exchange(generation, "transmitFile");
        requireNoneInFlight("transmitFile", "a final send must wait for its completion");
        exchange.transmitFile(transmission);
        doneWithSession(generation, transmission.closeAfterSend() ? ExtensionStatus.SUCCESS_AND_CLOSE : ExtensionStatus.SUCCESS);
    }

    /** @throws IllegalStateException when an asynchronous operation is in flight; {@code advice} says what to do instead. */
    private void requireNoneInFlight(final String operation, final String advice)
    {
        final int inFlight = slot.asyncOp();
        if (inFlight != AsyncOp.NONE)
        {
            throw new IllegalStateException("ECB." + operation + ": an asynchronous " + AsyncOp.name(inFlight) + " is already in flight on this ECB; "
                + advice);
        }
    }

    /** Records that the operation {@link #beginAsync} allowed has been handed to the transport. */
    void asyncStarted(final int operation)
    {
        slot.asyncOp(operation);
        events.asyncStarted(slot, generation, operation);
    }

    /** Ends the request from any thread; see {@link dev.ecbd.api.ExtensionControlBlock#doneWithSession}. */
    void doneWithSession(final long generation, final ExtensionStatus status)
    {
        if (status == null || !status.isFinal())
        {
            throw new IllegalArgumentException("doneWithSession needs a final status (SUCCESS, SUCCESS_AND_CLOSE or ERROR), not " + status);
        }
        final int reason = SessionEnd.of(status).code();
        while (true)
        {
            final long word = slot.stateWordAcquire();
            if (generation(word) != generation)
            {
                throw stale("doneWithSession", word);
            }
            if (casEnding(word, reason) != 0)
            {
                final Thread caller = Thread.currentThread();
                if (state(word) != EcbState.RUNNING || (caller != worker.thread() && caller != inlineThread))
                {
                    wake();
                }
                return;
            }
        }
    }

    /**
     * Ends the request whose state word is {@code word}: one compare-and-set into
     * {@link EcbState#ENDING} with the next generation and the end reason, so that exactly one
     * ender wins and every handle of the request is stale from here on.
     *
     * @return the new state word, or 0 when the word had moved on (another thread ended it first,
     *         or the state changed).
     */
    private long casEnding(final long word, final int reason)
    {
        final long ended = stateWord(generation(word) + 1, EcbState.ENDING, reason);
        return slot.casStateWord(word, ended) ? ended : 0;
    }

    private IllegalStateException stale(final String operation, final long word)
    {
        return new IllegalStateException("ECB." + operation + " called after its request ended (done-with-session was called or a final status returned); "
            + "ECB slot " + slot.index() + " is now " + EcbState.name(state(word)) + " in generation " + generation(word));
    }
}
