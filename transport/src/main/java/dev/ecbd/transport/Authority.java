package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

/**
 * The {@code Host} field's grammar (RFC 9112 §3.2, RFC 3986 §3.2.2): {@code uri-host [ ":" port ]},
 * where the host is a bracketed IP literal or a registered name (IPv4 included) of unreserved,
 * sub-delims and percent-encoded bytes, and the port is at most five digits. No user info, no
 * path. Stateless; allocates nothing.
 */
final class Authority
{
    private static final int MAX_PORT_DIGITS = 5;
    /** Bytes of a registered name besides percent-encodings: unreserved and sub-delims (RFC 3986 §3.2.2). */
    private static final boolean[] REG_NAME = Ascii.alphanumericAnd("-._~!$&'()*+,;=");

    private Authority()
    {
    }

    /**
     * @return whether the bytes from {@code from} to {@code to} are a valid {@code Host} value;
     *         an empty one is (RFC 9112 §3.2: a client sends it when the target has no authority).
     */
    static boolean isValidHost(final ByteBuf bytes, final int from, final int to)
    {
        if (from == to)
        {
            return true;
        }
        final int hostEnd = bytes.getByte(from) == '[' ? ipLiteralEnd(bytes, from, to) : regNameEnd(bytes, from, to);
        if (hostEnd <= from)
        {
            return false;
        }
        if (hostEnd == to)
        {
            return true;
        }
        if (bytes.getByte(hostEnd) != ':' || to - hostEnd - 1 > MAX_PORT_DIGITS)
        {
            return false;
        }
        for (int i = hostEnd + 1; i < to; i++)
        {
            final byte b = bytes.getByte(i);
            if (b < '0' || b > '9')
            {
                return false;
            }
        }
        return true;
    }

    /** @return the index just past the closing bracket of an IPv6 (or future) literal, or -1. */
    private static int ipLiteralEnd(final ByteBuf bytes, final int from, final int to)
    {
        for (int i = from + 1; i < to; i++)
        {
            final byte b = bytes.getByte(i);
            if (b == ']')
            {
                return i > from + 1 ? i + 1 : -1;
            }
            if (!(b == ':' || b == '.' || Character.digit(b, 16) >= 0))
            {
                return -1;
            }
        }
        return -1;
    }

    /** @return the index of the first byte past a registered name, or -1 when a byte is not allowed in one. */
    private static int regNameEnd(final ByteBuf bytes, final int from, final int to)
    {
        int i = from;
        while (i < to)
        {
            final byte b = bytes.getByte(i);
            if (b == ':')
            {
                return i;
            }
            if (b == '%')
            {
                if (i + 2 >= to || Character.digit(bytes.getByte(i + 1), 16) < 0 || Character.digit(bytes.getByte(i + 2), 16) < 0)
                {
                    return -1;
                }
                i += 3;
            }
            else if (REG_NAME[b & 0xFF])
            {
                i++;
            }
            else
            {
                return -1;
            }
        }
        return i;
    }
}
