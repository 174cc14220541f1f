package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** The common request methods as constant strings, so that asking for one allocates nothing. */
final class KnownMethods
{
    private static final String[] KNOWN = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"};

    private KnownMethods()
    {
    }

    static String decode(final ByteBuf bytes, final int start, final int length)
    {
        for (final String known : KNOWN)
        {
            if (Ascii.regionEquals(bytes, start, length, known))
            {
                return known;
            }
        }
        return bytes.toString(start, length, StandardCharsets.US_ASCII);
    }
}
