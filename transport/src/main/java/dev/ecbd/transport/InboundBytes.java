package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import static dev.ecbd.transport.Ascii.CR;
import static dev.ecbd.transport.Ascii.LF;

/**
 * The bytes a connection has received and not yet handed on: request heads are parsed from them
 * ({@link #next}), and a request's body is read out of them by the {@link BodyReader}. Owned by
 * the connection's I/O thread.
 *
 * <p>A request leaves as a retained slice of the buffer, holding its head and up to
 * {@link #READ_AHEAD} body bytes (the whole body when it is that small; none beyond what arrived
 * when the client expects {@code 100-continue}). The buffer is never written into while such a
 * slice shares it.
 */
final class InboundBytes
{
    /** Body bytes dispatched with a request head, at most (ISAPI's read-ahead). */
    static final int READ_AHEAD = 48 * 1024;

    /** What {@link #next} found. */
    enum Found
    {
        /** Not a whole request yet. */
        NEED_MORE,
        /** A request: take it with {@link #takeRequest()}. */
        REQUEST,
        /** A request the server refuses: {@link #errorStatus()} and {@link #errorReason()} say why. */
        INVALID
    }

    private final RequestHeadParser parser;
    private final long maxBodySize;
    private RequestHead head;
    private ByteBuf cumulation;
    private int pendingHeadLength;
    private long headStartNs = -1;
    private ByteBuf request;
    private long bodyLeft;
    private int errorStatus;
    private String errorReason;

    InboundBytes(final HttpServerConfig config)
    {
        this.parser = new RequestHeadParser(config.maxHeadSize(), config.maxUriLength());
        this.maxBodySize = config.maxBodySize();
        this.head = new RequestHead(config.maxHeaders());
    }

    /** Adds bytes read from the socket; takes ownership of {@code in}. */
    void append(final ByteBuf in, final ByteBufAllocator alloc)
    {
        if (cumulation == null)
        {
            cumulation = in;
        }
        else if (cumulation.refCnt() == 1 && cumulation.maxWritableBytes() >= in.readableBytes())
        {
            // NOTE: grows in place, doubling, so a body arriving in many reads is copied O(n) times.
            cumulation.writeBytes(in);
            in.release();
        }
        else
        {
            // NOTE: never write into a cumulation that slices of dispatched requests still share;
            // only its unread tail moves.
            final ByteBuf merged = alloc.directBuffer(cumulation.readableBytes() + in.readableBytes() + 1024);
            merged.writeBytes(cumulation).writeBytes(in);
            cumulation.release();
            in.release();
            cumulation = merged;
        }
    }

    /** @return the unread bytes, or null when there are none. */
    ByteBuf bytes()
    {
        return cumulation;
    }

    /** Releases the buffer once everything in it has been read. */
    void releaseIfEmpty()
    {
        if (cumulation != null && !cumulation.isReadable())
        {
            release();
        }
    }

    /** Drops every unread byte, and any head begun. */
    void release()
    {
        if (cumulation != null)
        {
            cumulation.release();
            cumulation = null;
        }
        pendingHeadLength = 0;
        headStartNs = -1;
    }

    /** @return when the head being received (with its read-ahead) began to arrive, or -1 when none is. */
    long headStartNs()
    {
        return headStartNs;
    }

    /** @return the head {@link #next} parsed last; valid until it is swapped out with {@link #swapHead}. */
    RequestHead head()
    {
        return head;
    }

    /** Gives the parsed head to a request, taking {@code spare} to parse the next one into. */
    void swapHead(final RequestHead spare)
    {
        head = spare;
    }

    /**
     * Looks for the next request, after any empty lines.
     *
     * @param readNs when the latest bytes arrived: a head that begins in them began then.
     */
    Found next(final long readNs)
    {
        if (cumulation == null)
        {
            return Found.NEED_MORE;
        }
        int start = cumulation.readerIndex();
        final int end = cumulation.writerIndex();
        if (pendingHeadLength == 0)
        {
            while (end - start >= 2 && cumulation.getByte(start) == CR && cumulation.getByte(start + 1) == LF)
            {
                start += 2;
            }
            cumulation.readerIndex(start);
            if (start == end)
            {
                release();
                return Found.NEED_MORE;
            }
            if (headStartNs < 0)
            {
                headStartNs = readNs;
            }
            final int headLength = parser.findHeadEnd(cumulation, start, end);
            if (headLength == RequestHeadParser.NEED_MORE)
            {
                return Found.NEED_MORE;
            }
            if (headLength == RequestHeadParser.INVALID || parser.parse(cumulation, start, headLength, head) != 0)
            {
                return invalid(parser.errorStatus(), parser.errorReason());
            }
            if (head.contentLength > maxBodySize)
            {
                return invalid(413, "request body larger than " + maxBodySize + " bytes");
            }
            pendingHeadLength = headLength;
        }
        final long declared = Math.max(0, head.contentLength);
        int readAhead = head.chunked ? 0 : (int)Math.min(declared, READ_AHEAD);
        if (head.expectContinue)
        {
            readAhead = Math.min(readAhead, end - start - pendingHeadLength);
        }
        final int total = pendingHeadLength + readAhead;
        if (end - start < total)
        {
            return Found.NEED_MORE;
        }
        // NOTE: the head timeout covers the read-ahead too: a request is received once both are.
        pendingHeadLength = 0;
        headStartNs = -1;
        request = cumulation.retainedSlice(start, total);
        bodyLeft = head.chunked ? -1 : declared - readAhead;
        cumulation.readerIndex(start + total);
        releaseIfEmpty();
        return Found.REQUEST;
    }

    private Found invalid(final int status, final String reason)
    {
        errorStatus = status;
        errorReason = reason;
        release();
        return Found.INVALID;
    }

    /** @return the request {@link #next} found: its head and read-ahead bytes; the caller owns it. */
    ByteBuf takeRequest()
    {
        final ByteBuf taken = request;
        request = null;
        return taken;
    }

    /** @return body bytes of the request found that are still to come, or -1 for a chunked body. */
    long bodyLeft()
    {
        return bodyLeft;
    }

    int errorStatus()
    {
        return errorStatus;
    }

    String errorReason()
    {
        return errorReason;
    }
}
