package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A parsed request head: offsets into the request's own bytes, never copies. Filled by
 * {@link RequestHeadParser} on an I/O thread, then handed with its buffer to the request's worker
 * (published by the dispatch queue). Reused: one per exchange plus one per connection, swapped when
 * a request is dispatched.
 *
 * <p>Offsets are relative to the first byte of the request line; {@link #bytes()} holds the head
 * from that byte, so offset 0 is its index 0 (the buffer is a slice).
 */
final class RequestHead
{
    static final int HTTP_1_0 = 10;
    static final int HTTP_1_1 = 11;

    private final int[] fields;
    private ByteBuf bytes;

    int methodStart;
    int methodLength;
    int targetStart;
    int targetLength;
    int pathLength;
    int queryStart;
    int version;
    int headerCount;
    int headLength;
    long contentLength;
    boolean chunked;
    boolean connectionClose;
    boolean connectionKeepAlive;
    boolean expectContinue;
    boolean headMethod;

    RequestHead(final int maxHeaders)
    {
        this.fields = new int[maxHeaders * 4];
    }

    void reset()
    {
        bytes = null;
        methodStart = methodLength = targetStart = targetLength = pathLength = 0;
        queryStart = -1;
        version = headerCount = headLength = 0;
        contentLength = -1;
        chunked = connectionClose = connectionKeepAlive = expectContinue = headMethod = false;
    }

    int maxHeaders()
    {
        return fields.length / 4;
    }

    void addHeader(final int nameStart, final int nameLength, final int valueStart, final int valueLength)
    {
        final int at = headerCount * 4;
        fields[at] = nameStart;
        fields[at + 1] = nameLength;
        fields[at + 2] = valueStart;
        fields[at + 3] = valueLength;
        headerCount++;
    }

    /** Points the offsets at {@code bytes}, a buffer whose index 0 is the request line's first byte. */
    void bytes(final ByteBuf bytes)
    {
        this.bytes = bytes;
    }

    ByteBuf bytes()
    {
        return bytes;
    }

    /** @return whether the connection may stay open after this request's response, by HTTP's rules. */
    boolean keepAlive()
    {
        return version == HTTP_1_1 ? !connectionClose : connectionKeepAlive && !connectionClose;
    }

    String method()
    {
        return KnownMethods.decode(bytes, methodStart, methodLength);
    }

    String path()
    {
        return ascii(targetStart, pathLength);
    }

    String query()
    {
        return queryStart < 0 ? "" : ascii(queryStart, targetStart + targetLength - queryStart);
    }

    String protocol()
    {
        return version == HTTP_1_1 ? "HTTP/1.1" : "HTTP/1.0";
    }

    String headerName(final int index)
    {
        checkHeaderIndex(index);
        return ascii(fields[index * 4], fields[index * 4 + 1]);
    }

    String headerValue(final int index)
    {
        checkHeaderIndex(index);
        return latin1(fields[index * 4 + 2], fields[index * 4 + 3]);
    }

    /** @return the first value of header {@code name} (any case), or null. */
    String header(final String name)
    {
        final int index = headerIndex(name);
        return index < 0 ? null : latin1(valueStart(index), valueLength(index));
    }

    /** @return the index of the first header named {@code name} (any case), or -1; allocates nothing. */
    int headerIndex(final String name)
    {
        for (int i = 0; i < headerCount; i++)
        {
            if (nameEquals(i, name))
            {
                return i;
            }
        }
        return -1;
    }

    int valueStart(final int index)
    {
        return fields[index * 4 + 2];
    }

    int valueLength(final int index)
    {
        return fields[index * 4 + 3];
    }

    private boolean nameEquals(final int index, final String name)
    {
        final int length = fields[index * 4 + 1];
        if (length != name.length())
        {
            return false;
        }
        final int start = fields[index * 4];
        for (int i = 0; i < length; i++)
        {
            if (Ascii.toLower(bytes.getByte(start + i)) != Ascii.toLower((byte)name.charAt(i)) || name.charAt(i) > 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    private void checkHeaderIndex(final int index)
    {
        if (index < 0 || index >= headerCount)
        {
            throw new IndexOutOfBoundsException("header " + index + " of " + headerCount);
        }
    }

    private String ascii(final int start, final int length)
    {
        return bytes.toString(start, length, StandardCharsets.US_ASCII);
    }

    private String latin1(final int start, final int length)
    {
        return bytes.toString(start, length, StandardCharsets.ISO_8859_1);
    }
}
