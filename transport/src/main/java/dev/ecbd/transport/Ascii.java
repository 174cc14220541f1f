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

    private static final boolean[] TCHAR = alphanumericAnd("!#$%&'*+-.^_`|~");

    private Ascii()
    {
    }

    /** @return a byte class: the ASCII letters and digits, and each of {@code punctuation}. */
    static boolean[] alphanumericAnd(final String punctuation)
    {
        final boolean[] member = new boolean[256];
        for (int c = '0'; c <= '9'; c++)
        {
            member[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++)
        {
            member[c] = true;
            member[c - 32] = true;
        }
        for (final char c : punctuation.toCharArray())
        {
            member[c] = true;
        }
        return member;
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

    /** @return whether {@code b} is optional white space (RFC 9110 §5.6.3): SP or HTAB. */
    static boolean isWhiteSpace(final byte b)
    {
        return b == SP || b == HTAB;
    }

    /** Takes one element of a comma-separated list; see {@link #forEachListElement}. */
    @FunctionalInterface
    interface ListElementVisitor<T>
    {
        void element(T target, ByteBuf bytes, int from, int to);
    }

    /**
     * Hands each non-empty element of the list from {@code from} to {@code to} to {@code visitor},
     * without its surrounding white space (RFC 9110 §5.6.1: empty elements are skipped). Pass a
     * non-capturing visitor, which costs no allocation.
     */
    static <T> void forEachListElement(final ByteBuf bytes, final int from, final int to, final T target, final ListElementVisitor<T> visitor)
    {
        int element = from;
        while (element <= to)
        {
            int comma = bytes.indexOf(element, to, (byte)',');
            if (comma < 0)
            {
                comma = to;
            }
            int s = element;
            int e = comma;
            while (s < e && isWhiteSpace(bytes.getByte(s)))
            {
                s++;
            }
            while (e > s && isWhiteSpace(bytes.getByte(e - 1)))
            {
                e--;
            }
            if (s < e)
            {
                visitor.element(target, bytes, s, e);
            }
            element = comma + 1;
        }
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
