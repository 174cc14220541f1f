package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

/**
 * The transfer codings of one request head, gathered over all its {@code Transfer-Encoding} field
 * lines as one list (RFC 9110 §5.3), and judged once the head has been read (RFC 9112 §6.1, §6.3,
 * §7): empty list elements are skipped (RFC 9110 §5.6.1); a list with no coding, {@code chunked}
 * anywhere but last or more than once, a coding that is not a token, or an HTTP/1.0 request with
 * any coding is framed unreliably (400); a coding the server does not know, with {@code chunked}
 * last, is not implemented (501). One per parser, I/O thread only; allocates nothing.
 */
final class TransferCodings
{
    private static final byte[] CHUNKED = Ascii.bytes("chunked");

    private boolean present;
    private int codings;
    private int chunked;
    private boolean lastIsChunked;
    private boolean malformed;

    void reset()
    {
        present = false;
        codings = 0;
        chunked = 0;
        lastIsChunked = false;
        malformed = false;
    }

    /** @return whether the head had a {@code Transfer-Encoding} field. */
    boolean present()
    {
        return present;
    }

    /** Adds the codings of one field line's value, from {@code from} to {@code to}. */
    void add(final ByteBuf bytes, final int from, final int to)
    {
        present = true;
        Ascii.forEachListElement(bytes, from, to, this, TransferCodings::addCoding);
    }

    private void addCoding(final ByteBuf bytes, final int from, final int to)
    {
        int nameEnd = from;
        while (nameEnd < to && Ascii.isTokenChar(bytes.getByte(nameEnd)))
        {
            nameEnd++;
        }
        final boolean isChunked = Ascii.equalsIgnoreCase(bytes, from, nameEnd - from, CHUNKED);
        if (nameEnd == from || nameEnd < to && (isChunked || !startsParameter(bytes, nameEnd, to)))
        {
            malformed = true;
        }
        codings++;
        lastIsChunked = isChunked;
        if (isChunked)
        {
            chunked++;
        }
    }

    private static boolean startsParameter(final ByteBuf bytes, final int from, final int to)
    {
        int i = from;
        while (i < to && Ascii.isWhiteSpace(bytes.getByte(i)))
        {
            i++;
        }
        return i < to && bytes.getByte(i) == ';';
    }

    /**
     * @param http11 whether the request is HTTP/1.1.
     * @return null when the codings are acceptable (chunked alone), else why not;
     *         {@link #status(boolean)} tells which status goes with it.
     */
    String problem(final boolean http11)
    {
        if (!http11)
        {
            return "Transfer-Encoding is not defined for HTTP/1.0";
        }
        if (malformed || codings == 0)
        {
            return "Transfer-Encoding is not a list of codings";
        }
        if (chunked != 1 || !lastIsChunked)
        {
            return "chunked must be the last transfer coding, and appear once";
        }
        if (codings > 1)
        {
            return "the only transfer coding supported is chunked";
        }
        return null;
    }

    /** @return the status for the {@link #problem} found: 501 for an unknown coding before chunked in HTTP/1.1, else 400. */
    int status(final boolean http11)
    {
        return http11 && !malformed && codings > 1 && chunked == 1 && lastIsChunked ? 501 : 400;
    }
}
