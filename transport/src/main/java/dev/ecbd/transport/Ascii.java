package dev.ecbd.transport;

import dev.ecbd.api.HttpFields;
import io.netty.buffer.ByteBuf;

/** Byte classes of RFC 9110 and small ASCII helpers over {@link ByteBuf}s; no allocation. */
final class Ascii
{
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    private static final boolean[] TCHAR = new boolean[256];

    static
    {
        for (int c = '0'; c <= '9'; c++)
        {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++)
        {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (final char c : "!#$%&'*+-.^_`|~".toCharArray())
        {
            TCHAR[c] = true;
        }
    }

    private Ascii()
    {
    }

    /** @return whether {@code b} may appear in a token (method, header name). */
    static boolean isTokenChar(final byte b)
    {
        return TCHAR[b & 0xFF];
    }

    /** @return whether {@code b} may appear in a field value: HTAB, SP, VCHAR, obs-text. */
    static boolean isFieldValueChar(final byte b)
    {
        return HttpFields.isFieldValueChar(b & 0xFF);
    }

    /** @return whether {@code b} may appear in a request target: VCHAR only. */
    static boolean isTargetChar(final byte b)
    {
        return b > 0x20 && b < 0x7F;
    }

    static byte toLower(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? (byte)(b + 32) : b;
    }

    /** @return whether the {@code length} bytes at {@code start} are {@code lowerCase}, in any case. */
    static boolean equalsIgnoreCase(final ByteBuf bytes, final int start, final int length, final byte[] lowerCase)
    {
        if (length != lowerCase.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (toLower(bytes.getByte(start + i)) != lowerCase[i])
            {
                return false;
            }
        }
        return true;
    }

    /** @return whether the {@code length} bytes at {@code start} are exactly {@code text}. */
    static boolean regionEquals(final ByteBuf bytes, final int start, final int length, final String text)
    {
        if (length != text.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (bytes.getByte(start + i) != (byte)text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    static byte[] bytes(final String ascii)
    {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
