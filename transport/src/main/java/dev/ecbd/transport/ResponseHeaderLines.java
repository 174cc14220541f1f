package dev.ecbd.transport;

/**
 * Checks the header lines an extension gives {@code sendResponseHeader} and reads the ones the
 * server's framing depends on. Allocates nothing for well-formed lines without
 * {@code Content-Length} or {@code Connection}, the common case, beyond the result.
 *
 * @param contentLength the declared {@code Content-Length}, or -1.
 * @param close whether a {@code Connection} header asks to close.
 */
record ResponseHeaderLines(long contentLength, boolean close)
{
    private static final ResponseHeaderLines NONE = new ResponseHeaderLines(-1, false);

    /**
     * @throws IllegalArgumentException naming what is wrong: a line that is not {@code Name: value}
     *         ending in CRLF, a byte not allowed in a field, a malformed {@code Content-Length}, or a
     *         {@code Transfer-Encoding} (the server's to decide).
     */
    static ResponseHeaderLines validate(final CharSequence lines)
    {
        long contentLength = -1;
        boolean close = false;
        final int length = lines.length();
        int i = 0;
        while (i < length)
        {
            final int nameStart = i;
            while (i < length && lines.charAt(i) < 0x80 && Ascii.isTokenChar((byte)lines.charAt(i)))
            {
                i++;
            }
            if (i == nameStart || i >= length || lines.charAt(i) != ':')
            {
                throw new IllegalArgumentException("response header line at offset " + nameStart + " is not 'Name: value' followed by CRLF");
            }
            final int nameEnd = i++;
            final int valueStart = i;
            while (i < length && lines.charAt(i) != '\r')
            {
                final char c = lines.charAt(i);
                if (c > 0xFF || !Ascii.isFieldValueChar((byte)c))
                {
                    throw new IllegalArgumentException("response header line at offset " + nameStart + " has a character not allowed in a field value at offset " + i);
                }
                i++;
            }
            if (i + 1 >= length || lines.charAt(i + 1) != '\n')
            {
                throw new IllegalArgumentException("response header line at offset " + nameStart + " does not end with CRLF");
            }
            final int valueEnd = i;
            i += 2;
            if (nameIs(lines, nameStart, nameEnd, "transfer-encoding"))
            {
                throw new IllegalArgumentException("Transfer-Encoding is set by the server; declare Content-Length or leave the length to the server");
            }
            if (nameIs(lines, nameStart, nameEnd, "content-length"))
            {
                contentLength = parseLength(lines, valueStart, valueEnd);
            }
            else if (nameIs(lines, nameStart, nameEnd, "connection"))
            {
                close |= lines.subSequence(valueStart, valueEnd).toString().toLowerCase(java.util.Locale.ROOT).contains("close");
            }
        }
        return contentLength < 0 && !close ? NONE : new ResponseHeaderLines(contentLength, close);
    }

    private static boolean nameIs(final CharSequence lines, final int start, final int end, final String lowerCase)
    {
        if (end - start != lowerCase.length())
        {
            return false;
        }
        for (int i = start; i < end; i++)
        {
            if (Character.toLowerCase(lines.charAt(i)) != lowerCase.charAt(i - start))
            {
                return false;
            }
        }
        return true;
    }

    private static long parseLength(final CharSequence lines, final int start, final int end)
    {
        int s = start;
        int e = end;
        while (s < e && (lines.charAt(s) == ' ' || lines.charAt(s) == '\t'))
        {
            s++;
        }
        while (e > s && (lines.charAt(e - 1) == ' ' || lines.charAt(e - 1) == '\t'))
        {
            e--;
        }
        if (s == e || e - s > 18)
        {
            throw new IllegalArgumentException("malformed Content-Length in the response header");
        }
        long value = 0;
        for (int i = s; i < e; i++)
        {
            final char c = lines.charAt(i);
            if (c < '0' || c > '9')
            {
                throw new IllegalArgumentException("malformed Content-Length in the response header");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
