package dev.ecbd.transport;

import dev.ecbd.api.IoErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The request body of one connection beyond the bytes dispatched with its head: it belongs to one
 * request, its <em>owner</em>, and is handed out only as the owner's extension reads, de-chunked
 * when chunked. Owned by the connection's I/O thread.
 *
 * <h2>Demand</h2>
 * The socket is read only while a read waits for bytes ({@link #wantsInput}), so a slow reader
 * pushes back on the client through TCP instead of filling memory. The first read that finds no
 * bytes answers a client's {@code Expect: 100-continue}.
 */
final class BodyReader
{
    /** What {@link #service} did. */
    enum Progress
    {
        /** No read waits, or the waiting read needs more bytes. */
        WAITING,
        /** A read was answered; the body may have ended with it. */
        ANSWERED,
        /** The chunked encoding is malformed: the read failed and the connection must close. */
        MALFORMED
    }

    private final ChunkedBodyDecoder chunkedBody;
    private final OutboundWriter writer;
    private ExchangeInFlight owner;
    private ExchangeInFlight pendingRead;
    private long remaining;
    private boolean expectsContinue;
    private boolean continueSent;

    BodyReader(final long maxBodySize, final OutboundWriter writer)
    {
        this.chunkedBody = new ChunkedBodyDecoder(maxBodySize);
        this.writer = writer;
    }

    /**
     * Makes {@code exchange} the owner of the body bytes that follow.
     *
     * @param bodyLeft body bytes still to come, or -1 for a chunked body.
     */
    void start(final ExchangeInFlight exchange, final long bodyLeft, final boolean expectsContinue)
    {
        owner = exchange;
        remaining = bodyLeft;
        this.expectsContinue = expectsContinue;
        continueSent = false;
        if (bodyLeft < 0)
        {
            chunkedBody.reset();
        }
    }

    /** @return whether a request's body is still being read, so that no further request is parsed. */
    boolean active()
    {
        return owner != null;
    }

    /** @return whether a read waits for bytes from the socket. */
    boolean wantsInput()
    {
        return pendingRead != null;
    }

    /**
     * Takes a read the worker posted.
     *
     * @return whether it waits for body bytes; false when it was answered at once (not the owner:
     *         its body has ended).
     */
    boolean request(final ExchangeInFlight exchange)
    {
        if (exchange != owner)
        {
            exchange.completeRead(0, IoErrors.NONE);
            return false;
        }
        pendingRead = exchange;
        return true;
    }

    /**
     * Hands body bytes from {@code in} to the read waiting for them, if any: as many as have
     * arrived, up to what it asked for. Ends the body, and its ownership, at its last byte.
     *
     * @param in the connection's unread bytes, or null.
     */
    Progress service(final ByteBuf in)
    {
        final ExchangeInFlight reader = pendingRead;
        if (reader == null)
        {
            return Progress.WAITING;
        }
        final Handoff read = reader.handoff();
        final int produced;
        final boolean ended;
        if (remaining >= 0)
        {
            produced = (int)Math.min(Math.min(read.lpReadLength(), remaining), in == null ? 0 : in.readableBytes());
            if (produced > 0)
            {
                in.readBytes(read.lpReadTarget(), read.lpReadOffset(), produced);
                remaining -= produced;
            }
            ended = remaining == 0;
        }
        else
        {
            try
            {
                produced = Math.max(0, chunkedBody.read(in, read.lpReadTarget(), read.lpReadOffset(), read.lpReadLength()));
            }
            catch (final ChunkedBodyDecoder.MalformedBodyException ex)
            {
                pendingRead = null;
                owner = null;
                reader.completeRead(0, IoErrors.IO_FAILED);
                return Progress.MALFORMED;
            }
            ended = chunkedBody.ended();
        }
        if (produced > 0 || ended)
        {
            pendingRead = null;
            if (ended)
            {
                owner.handoff().svBodyComplete();
                owner = null;
            }
            reader.completeRead(produced, IoErrors.NONE);
            return Progress.ANSWERED;
        }
        if (expectsContinue && !continueSent)
        {
            continueSent = true;
            writer.write(Unpooled.wrappedBuffer(ResponseHeads.CONTINUE));
        }
        return Progress.WAITING;
    }

    /**
     * Forgets a request that has ended.
     *
     * @return whether it ended with its body unread, so that the connection cannot find the next
     *         request's head and must close.
     */
    boolean forget(final ExchangeInFlight exchange)
    {
        if (exchange == pendingRead)
        {
            pendingRead = null;
        }
        if (exchange == owner)
        {
            owner = null;
            return true;
        }
        return false;
    }

    /** Fails the waiting read, if any: the client has gone. */
    void clientGone()
    {
        if (pendingRead != null)
        {
            pendingRead.completeRead(0, IoErrors.CLIENT_DISCONNECTED);
            pendingRead = null;
        }
        owner = null;
    }
}
