package dev.ecbd.server.builtin;

/**
 * One byte range of a {@code Range: bytes=...} header, resolved against a file's size.
 *
 * <p>Decisions: a header that is not a well-formed {@code bytes} range set is ignored (the whole
 * file is sent, as RFC 9110 allows); so is a set of several ranges, which ecbd answers with the
 * whole file rather than a multipart body; a single range that starts at or past the end of the
 * file is unsatisfiable (416).
 *
 * @param first the first byte, from 0.
 * @param last the last byte, inclusive.
 */
record ByteRange(long first, long last)
{
    /** The range header asked for nothing that can be sent: answer 416. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    /** @return the range, {@link #UNSATISFIABLE}, or null to send the whole file. */
    static ByteRange parse(final String header, final long size)
    {
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6))
        {
            return null;
        }
        final String spec = header.substring(6).trim();
        if (spec.indexOf(',') >= 0)
        {
            return null;
        }
        final int dash = spec.indexOf('-');
        if (dash < 0)
        {
            return null;
        }
        final long first = digits(spec.substring(0, dash).trim());
        final long last = digits(spec.substring(dash + 1).trim());
        if (first == -2 || last == -2 || (first == -1 && last == -1))
        {
            return null;
        }
        if (first == -1)
        {
            return last == 0 || size == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, size - last), size - 1);
        }
        if (last != -1 && last < first)
        {
            return null;
        }
        if (first >= size)
        {
            return UNSATISFIABLE;
        }
        return new ByteRange(first, last == -1 ? size - 1 : Math.min(last, size - 1));
    }

    /** @return the number, -1 for empty, -2 for anything else. */
    private static long digits(final String text)
    {
        if (text.isEmpty())
        {
            return -1;
        }
        if (text.length() > 18)
        {
            return -2;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (!Character.isDigit(text.charAt(i)))
            {
                return -2;
            }
        }
        return Long.parseLong(text);
    }

    long length()
    {
        return last - first + 1;
    }
}
