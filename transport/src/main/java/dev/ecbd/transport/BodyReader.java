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
 *
 * <h2>A body nobody reads</h2>
 * When a request ends before its body was read, its response says {@code Connection: close}, and
 * the rest of the body is read and dropped, up to {@code maxUnreadBody} bytes, before the
 * connection closes: a client still sending is then not reset before it has read its response (a
 * lingering close). A longer rest, or a body the client withholds until {@code 100 Continue},
 * closes the connection at once.
 *
 * <h2>Rate</h2>
 * While a read (or the discarding) waits for bytes, the client must send at least the minimum
 * request body rate ({@link DataRateMeter}); {@link #checkRate} fails a slower one.
 */
final class BodyReader
{
    /** What {@link #service} did. */
    enum Progress
    {
        /** No read waits, or the waiting read needs more bytes. */
        WAITING,
        /** A read was answered, or unread bytes dropped; the body may have ended with it. */
        ANSWERED,
        /** The chunked encoding is malformed or the body too large ({@link #fault}): the read failed and the connection must close. */
        MALFORMED,
        /** The unread rest of a body is longer than the server drops: the connection must close. */
        TOO_LONG_TO_DISCARD
    }

    private final ChunkedBodyDecoder chunkedBody;
    private final OutboundWriter writer;
    private final long maxUnreadBody;
    private final DataRateMeter rate;
    private ExchangeInFlight owner;
    private ExchangeInFlight pendingRead;
    private boolean discarding;
    private long discardBudget;
    private long remaining;
    private boolean expectsContinue;
    private boolean continueSent;
    private BodyFault fault;

    BodyReader(final HttpServerConfig config, final OutboundWriter writer)
    {
        this.chunkedBody = new ChunkedBodyDecoder(config.maxBodySize());
        this.writer = writer;
        this.maxUnreadBody = config.maxUnreadBody();
        this.rate = new DataRateMeter(config.minRequestBodyRate(), config.dataRateGrace().toNanos());
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
        rate.reset();
        if (bodyLeft < 0)
        {
            chunkedBody.reset();
        }
    }

    /** @return whether a request's body is still being read or dropped, so that no further request is parsed. */
    boolean active()
    {
        return owner != null || discarding;
    }

    /** @return whether the body's rest is being dropped: its request has ended. */
    boolean discarding()
    {
        return discarding;
    }

    /** @return whether a read, or the discarding, waits for bytes from the socket. */
    boolean wantsInput()
    {
        return pendingRead != null || discarding;
    }

    /** @return what {@link Progress#MALFORMED} met, for the connection's count and log line. */
    BodyFault fault()
    {
        return fault;
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
     * Hands body bytes from {@code in} to the read waiting for them, if any (or drops them, when
     * discarding): as many as have arrived, up to what it asked for. Ends the body, and its
     * ownership, at its last byte.
     *
     * @param in the connection's unread bytes, or null.
     */
    Progress service(final ByteBuf in)
    {
        final ExchangeInFlight reader = pendingRead;
        if (reader == null && !discarding)
        {
            return Progress.WAITING;
        }
        final Handoff read = reader == null ? null : reader.handoff();
        final int length = read == null ? (int)Math.min(discardBudget, Integer.MAX_VALUE) : read.lpReadLength();
        final int produced;
        try
        {
            produced = take(in, read == null ? null : read.lpReadTarget(), read == null ? 0 : read.lpReadOffset(), length);
        }
        catch (final BodyFault ex)
        {
            fail(ex);
            return Progress.MALFORMED;
        }
        final boolean ended = remaining >= 0 ? remaining == 0 : chunkedBody.ended();
        final long now = System.nanoTime();
        if (produced > 0 || ended)
        {
            rate.add(produced);
            rate.stopWaiting(now);
        }
        if (discarding)
        {
            discardBudget -= produced;
            if (ended)
            {
                discarding = false;
                return Progress.ANSWERED;
            }
            if (discardBudget == 0)
            {
                discarding = false;
                return Progress.TOO_LONG_TO_DISCARD;
            }
            rate.startWaiting(now);
            return produced > 0 ? Progress.ANSWERED : Progress.WAITING;
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
        rate.startWaiting(now);
        if (expectsContinue && !continueSent)
        {
            continueSent = true;
            writer.write(Unpooled.wrappedBuffer(ResponseHeads.CONTINUE));
        }
        return Progress.WAITING;
    }

    /** Moves up to {@code length} body bytes from {@code in} into {@code dst} (or drops them when null). */
    private int take(final ByteBuf in, final byte[] dst, final int offset, final int length)
    {
        if (remaining < 0)
        {
            return Math.max(0, chunkedBody.read(in, dst, offset, length));
        }
        final int n = (int)Math.min(Math.min(length, remaining), in == null ? 0 : in.readableBytes());
        if (n > 0)
        {
            if (dst != null)
            {
                in.readBytes(dst, offset, n);
            }
            else
            {
                in.skipBytes(n);
            }
            remaining -= n;
        }
        return n;
    }

    /**
     * Fails the body when the client has been sending it slower than the minimum rate: the waiting
     * read gets the fault (408), or the discarding stops.
     *
     * @return whether it failed, so that the connection must close.
     */
    boolean checkRate(final long nowNs)
    {
        if (!rate.waiting() || !rate.tooSlow(nowNs))
        {
            return false;
        }
        fail(new BodyFault(408, "request body arrived slower than the minimum rate"));
        return true;
    }

    /** @return whether the minimum rate is being measured, so that the connection's timer should look. */
    boolean rateWatched()
    {
        return rate.waiting();
    }

    private void fail(final BodyFault ex)
    {
        fault = ex;
        discarding = false;
        owner = null;
        final ExchangeInFlight reader = pendingRead;
        pendingRead = null;
        if (reader != null)
        {
            reader.handoff().spRequestFault(ex.status(), ex.getMessage());
            reader.completeRead(0, IoErrors.REQUEST_BODY_REJECTED);
        }
    }

    /**
     * Forgets a request that has ended; a body it left unread is dropped from here on, when it can be.
     *
     * @return whether it ended with its body unread, so that the connection cannot find the next
     *         request's head and must close (once the rest is dropped, when it is).
     */
    boolean forget(final ExchangeInFlight exchange)
    {
        if (exchange == pendingRead)
        {
            pendingRead = null;
        }
        if (exchange != owner)
        {
            return false;
        }
        owner = null;
        final boolean withheld = expectsContinue && !continueSent;
        if (!withheld && remaining <= maxUnreadBody && maxUnreadBody > 0)
        {
            discarding = true;
            discardBudget = maxUnreadBody;
        }
        return true;
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
        discarding = false;
    }
}
