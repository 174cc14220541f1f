package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A {@link CharSequence} over the raw path bytes of a request head, for routing without
 * allocation. Valid while its request lives; worker thread only.
 */
final class PathView implements CharSequence
{
    private ByteBuf bytes;
    private int start;
    private int length;

    PathView wrap(final ByteBuf bytes, final int start, final int length)
    {
        this.bytes = bytes;
        this.start = start;
        this.length = length;
        return this;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(final int index)
    {
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException(index);
        }
        return (char)(bytes.getByte(start + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(final int from, final int to)
    {
        return toString().substring(from, to);
    }

    @Override
    public String toString()
    {
        return bytes.toString(start, length, StandardCharsets.US_ASCII);
    }
}
