package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

import java.util.Objects;

/**
 * A read-only view of one request: its parsed head and the bytes it arrived in (the head and the
 * body bytes dispatched with it). One per ECB slot, reused.
 *
 * <p>The I/O thread {@link #fill fills} it before dispatch, and the dispatch publishes it to the
 * worker, which only reads it until the request ends; the I/O thread {@link #release releases}
 * it when the slot is recycled. The path view and the decoded path are caches of the worker's.
 */
final class ParsedRequest
{
    private final PathView pathView = new PathView();
    private RequestHead head;
    private ByteBuf bytes;
    private String path;
    private Peer peer;
    private long acceptedNs;

    ParsedRequest(final int maxHeaders)
    {
        this.head = new RequestHead(maxHeaders);
    }

    /**
     * Takes a parsed head, the request's bytes (retained for this request), the connection's two
     * ends, and when the request arrived. I/O thread.
     *
     * @return the head object this request held before, for the connection to parse into next.
     */
    RequestHead fill(final RequestHead parsed, final ByteBuf bytes, final Peer peer, final long acceptedNs)
    {
        this.peer = peer;
        this.acceptedNs = acceptedNs;
        final RequestHead previous = head;
        head = parsed;
        this.bytes = bytes;
        parsed.bytes(bytes);
        return previous;
    }

    /** Releases the request's bytes. I/O thread, when the slot is recycled. */
    void release()
    {
        if (bytes != null)
        {
            bytes.release();
            bytes = null;
        }
        head.bytes(null);
        path = null;
    }

    /** @return when the request's bytes arrived ({@link System#nanoTime()}). */
    long acceptedNs()
    {
        return acceptedNs;
    }

    /** @return both ends of the request's connection. */
    Peer peer()
    {
        return peer;
    }

    RequestHead head()
    {
        return head;
    }

    /** @return the raw path as a view that allocates nothing; valid until the next call. */
    CharSequence pathView()
    {
        return pathView.wrap(bytes, head.targetStart, head.pathLength);
    }

    String path()
    {
        if (path == null)
        {
            path = head.path();
        }
        return path;
    }

    boolean headMethod()
    {
        return head.headMethod;
    }

    boolean http11()
    {
        return head.version == RequestHead.HTTP_1_1;
    }

    boolean keepAlive()
    {
        return head.keepAlive();
    }

    int availableBodyLength()
    {
        return bytes.readableBytes() - head.headLength;
    }

    /** Copies body bytes that arrived with the request, from body offset {@code from}. */
    int copyAvailableBody(final int from, final byte[] dst, final int dstOffset, final int length)
    {
        final int available = availableBodyLength();
        if (from < 0 || from > available)
        {
            throw new IndexOutOfBoundsException("body offset " + from + " of " + available + " available bytes");
        }
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        final int count = Math.min(length, available - from);
        bytes.getBytes(bytes.readerIndex() + head.headLength + from, dst, dstOffset, count);
        return count;
    }
}
