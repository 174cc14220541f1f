package dev.ecbd.transport;

import dev.ecbd.api.IoErrors;
import dev.ecbd.dispatcher.EcbSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * The I/O thread's side of one exchange: the connection it belongs to, the output it holds while
 * earlier pipelined responses are still going out, and the bridge that reports the end of an
 * asynchronous operation to the session. One per ECB slot, reused; owned by the I/O thread of the
 * request's connection from {@link #open} to {@link #recycle} (or {@link #cancel}).
 *
 * <h2>Asynchronous operations</h2>
 * An asynchronous batch is written, then followed by an empty buffer whose promise completes once
 * everything before it has reached the socket; that promise reports the completion with the
 * generation of the request that started it. A batch held behind earlier responses keeps a marker
 * in its place, and the empty buffer is written when the marker is.
 */
final class ExchangeInFlight implements InFlight
{
    private static final Object ASYNC_MARKER = new Object();

    private final ParsedRequest request;
    private final Handoff handoff;
    private final ArrayDeque<Object> held = new ArrayDeque<>(4);
    private final ChannelFutureListener asyncWritten = this::asyncWritten;
    private EcbSession session;
    private HttpConnection connection;
    private int heldBytes;
    private boolean heldFinal;
    private boolean heldClose;
    private long asyncBytes;
    private long asyncGeneration;

    ExchangeInFlight(final ParsedRequest request)
    {
        this.request = request;
        this.handoff = new Handoff(this);
    }

    void bind(final EcbSession session)
    {
        this.session = session;
    }

    Handoff handoff()
    {
        return handoff;
    }

    /**
     * Takes a request of {@code connection}: its parsed head and its bytes, retained for it.
     *
     * @return the head object the slot held before, for the connection to parse into next.
     */
    RequestHead open(final HttpConnection connection, final IoLane lane, final RequestHead parsed, final ByteBuf bytes, final boolean wholeBody,
        final long acceptedNs)
    {
        this.connection = connection;
        handoff.open(session.worker().thread(), lane, wholeBody);
        return request.fill(parsed, bytes, connection.peer(), acceptedNs);
    }

    /**
     * Takes what the worker posted: an output batch, a read request, or both.
     *
     * @param inline whether the request runs inline, on this thread, so that it cannot wait.
     */
    void onPosted(final boolean inline)
    {
        if (handoff.takeOutputPosted())
        {
            connection.order().onOutput(this, inline);
        }
        if (handoff.takeReadPosted())
        {
            connection.onReadRequest(this);
        }
    }

    /** Releases the request and everything held, and returns the slot to the pool. */
    void recycle()
    {
        final IoLane lane = connection.lane();
        releaseHeld(false);
        cancel();
        session.recycle(lane.latencies(), lane.nowNs());
    }

    /** Releases the request of a dispatch that was refused; the dispatcher returns the slot. */
    void cancel()
    {
        request.release();
        handoff.reset();
        heldFinal = heldClose = false;
        connection = null;
    }

    // ---------------------------------------------------------------- asynchronous operations

    /** @return whether the batch just taken is an asynchronous operation; if so, remembers it. */
    boolean takeAsync()
    {
        final long bytes = handoff.lpAsyncBytes();
        if (bytes < 0)
        {
            return false;
        }
        asyncBytes = bytes;
        asyncGeneration = handoff.lpGeneration();
        return true;
    }

    /** Writes the marker that completes the asynchronous operation once all before it is on the socket. */
    void writeCompletion(final OutboundWriter writer)
    {
        writer.writeMarker(asyncWritten);
    }

    /** Reports the asynchronous operation taken last as failed: the client is gone. */
    void failAsync()
    {
        session.completeAsync(asyncGeneration, 0, IoErrors.CLIENT_DISCONNECTED);
    }

    private void asyncWritten(final ChannelFuture future)
    {
        session.completeAsync(asyncGeneration, future.isSuccess() ? asyncBytes : 0, future.isSuccess() ? IoErrors.NONE : IoErrors.CLIENT_DISCONNECTED);
    }

    /** Answers the read the worker posted: {@code bytes} copied into its array, or an error. */
    void completeRead(final int bytes, final int errorCode)
    {
        if (handoff.lpReadAsync())
        {
            handoff.clearReadTarget();
            session.completeAsync(handoff.lpReadGeneration(), bytes, errorCode);
        }
        else
        {
            handoff.answerRead(bytes, errorCode);
        }
    }

    // ---------------------------------------------------------------- output held behind earlier responses

    /** Keeps a message of a response that waits behind earlier ones; null is ignored. */
    void hold(final Object message)
    {
        if (message != null)
        {
            held.addLast(message);
            heldBytes += message instanceof ByteBuf buffer ? buffer.readableBytes() : 0;
        }
    }

    /** Keeps the place of the asynchronous operation taken last. */
    void holdCompletion()
    {
        held.addLast(ASYNC_MARKER);
    }

    /** Remembers that the response's last batch is held, and whether the connection closes after it. */
    void holdFinal(final boolean close)
    {
        heldFinal = true;
        heldClose = close;
    }

    int heldBytes()
    {
        return heldBytes;
    }

    boolean heldFinal()
    {
        return heldFinal;
    }

    boolean heldClose()
    {
        return heldClose;
    }

    /** Writes everything held, in order, now that this response is the oldest. */
    void writeHeld(final OutboundWriter writer)
    {
        Object message;
        while ((message = held.pollFirst()) != null)
        {
            if (message == ASYNC_MARKER)
            {
                writeCompletion(writer);
            }
            else
            {
                writer.write(message);
            }
        }
        heldBytes = 0;
    }

    /**
     * Releases everything held.
     *
     * @param failAsync whether a held asynchronous operation is reported as failed (the connection
     *        is gone); false when the request has ended anyway.
     */
    void releaseHeld(final boolean failAsync)
    {
        Object message;
        while ((message = held.pollFirst()) != null)
        {
            if (message != ASYNC_MARKER)
            {
                ReferenceCountUtil.release(message);
            }
            else if (failAsync)
            {
                failAsync();
            }
        }
        heldBytes = 0;
    }
}
