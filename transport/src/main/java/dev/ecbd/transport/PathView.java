package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A {@link CharSequence} over the raw path bytes of a request head, for routing without
 * allocation: the bytes are copied once into a reused array, so that each {@code charAt} is an
 * array read rather than a checked buffer access. Valid until the next {@link #wrap}; used by
 * the thread that wrapped it.
 */
final class PathView implements CharSequence
{
    private byte[] bytes = new byte[256];
    private int length;

    PathView wrap(final ByteBuf source, final int start, final int length)
    {
        if (bytes.length < length)
        {
            bytes = new byte[Math.max(length, bytes.length * 2)];
        }
        source.getBytes(start, bytes, 0, length);
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
        return (char)(bytes[index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(final int from, final int to)
    {
        return toString().substring(from, to);
    }

    @Override
    public String toString()
    {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }
}
