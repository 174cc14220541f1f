package dev.ecbd.dispatcher;

import dev.ecbd.pool.EcbSlot;

/**
 * One session's flight-recorder events ({@link EcbEvents}) while they are open: the request's,
 * from admission to its end, and the asynchronous operation's in flight. Each method first asks
 * whether a recording wants its event; when none does, it allocates nothing.
 *
 * <p>Threads follow the session's: {@link #admitted} runs on the admitting I/O thread before the
 * dispatch publishes the session; every other method on the worker (or the inline I/O thread).
 */
final class SessionEvents
{
    private EcbEvents.RequestEvent request;
    private EcbEvents.AsyncIoEvent asyncIo;

    void admitted(final EcbSlot slot, final int worker, final CharSequence path)
    {
        if (EcbEvents.REQUEST.isEnabled())
        {
            final EcbEvents.RequestEvent event = new EcbEvents.RequestEvent();
            event.begin();
            event.slot = slot.index();
            event.generation = slot.generation();
            event.connection = slot.connectionId();
            event.sequence = slot.requestSequence();
            event.worker = worker;
            event.path = path.toString();
            request = event;
        }
    }

    /** The dispatch was refused: no event for a request that never ran. */
    void cancelled()
    {
        request = null;
    }

    void dispatched(final EcbSlot slot, final long generation)
    {
        if (EcbEvents.DISPATCHED.isEnabled())
        {
            final EcbEvents.DispatchedEvent event = new EcbEvents.DispatchedEvent();
            event.slot = slot.index();
            event.generation = generation;
            event.queueWait = slot.dispatchedNs() - slot.acceptedNs();
            event.commit();
        }
    }

    void asyncStarted(final EcbSlot slot, final long generation, final int operation)
    {
        if (EcbEvents.ASYNC_IO.isEnabled())
        {
            final EcbEvents.AsyncIoEvent event = new EcbEvents.AsyncIoEvent();
            event.begin();
            event.slot = slot.index();
            event.generation = generation;
            event.operation = AsyncOp.name(operation);
            asyncIo = event;
        }
    }

    void asyncCompleted(final long bytes, final int errorCode)
    {
        if (asyncIo != null)
        {
            asyncIo.bytes = bytes;
            asyncIo.errorCode = errorCode;
            asyncIo.commit();
            asyncIo = null;
        }
    }

    /** Commits the request's event; an operation still in flight when the session ended is dropped. */
    void ended(final int reason)
    {
        if (request != null)
        {
            request.end = SessionEnd.ofCode(reason).name();
            request.commit();
            request = null;
        }
        asyncIo = null;
    }
}
