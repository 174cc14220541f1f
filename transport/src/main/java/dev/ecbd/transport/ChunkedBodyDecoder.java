package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

import static dev.ecbd.transport.Ascii.CR;
import static dev.ecbd.transport.Ascii.LF;

/**
 * Decodes a {@code Transfer-Encoding: chunked} request body (RFC 9112 §7.1) as it arrives,
 * straight into the reader's array. Strict: lines end in CRLF, a chunk size is 1 to 15 hex digits
 * (no overflow), chunk extensions must follow their grammar (§7.1.1, quoted strings included)
 * and are dropped, as are trailer fields, and the decoded body may not pass the body-size limit
 * (413; every other fault is a 400). One per connection, I/O thread only; allocates nothing.
 */
final class ChunkedBodyDecoder
{
    /** {@link #read} produced nothing and the body has ended. */
    static final int END = -1;

    private static final int MAX_LINE = 4096;
    private static final int MAX_HEX_DIGITS = 15;
    private static final int SIZE_LINE = 0;
    private static final int DATA = 1;
    private static final int DATA_END = 2;
    private static final int TRAILER = 3;
    private static final int DONE = 4;

    private final long maxBody;
    private int state;
    private long chunkRemaining;
    private long decoded;
    private int trailerBytes;

    ChunkedBodyDecoder(final long maxBody)
    {
        this.maxBody = maxBody;
    }

    void reset()
    {
        state = SIZE_LINE;
        chunkRemaining = 0;
        decoded = 0;
        trailerBytes = 0;
    }

    boolean ended()
    {
        return state == DONE;
    }

    /**
     * Consumes chunked bytes from {@code in} and writes body bytes into {@code dst}.
     *
     * @param in the connection's unread bytes, or null when there are none.
     * @param dst where body bytes go, or null to drop them.
     * @return body bytes written (more than 0), 0 when more input is needed first, or {@link #END}.
     * @throws BodyFault naming what is wrong with the encoding.
     */
    int read(final ByteBuf in, final byte[] dst, final int offset, final int length)
    {
        int produced = 0;
        while (true)
        {
            switch (state)
            {
                case SIZE_LINE ->
                {
                    if (in == null || !readSizeLine(in))
                    {
                        return produced;
                    }
                }
                case DATA ->
                {
                    final int n = (int)Math.min(Math.min(chunkRemaining, length - produced), in == null ? 0 : in.readableBytes());
                    if (n == 0)
                    {
                        return produced;
                    }
                    if (dst != null)
                    {
                        in.readBytes(dst, offset + produced, n);
                    }
                    else
                    {
                        in.skipBytes(n);
                    }
                    produced += n;
                    chunkRemaining -= n;
                    if (chunkRemaining == 0)
                    {
                        state = DATA_END;
                    }
                }
                case DATA_END ->
                {
                    if (in == null || in.readableBytes() < 2)
                    {
                        return produced;
                    }
                    if (in.readByte() != CR || in.readByte() != LF)
                    {
                        throw new BodyFault("chunk data not followed by CRLF");
                    }
                    state = SIZE_LINE;
                }
                case TRAILER ->
                {
                    if (in == null || !readTrailerLine(in))
                    {
                        return produced;
                    }
                }
                default ->
                {
                    return produced > 0 ? produced : END;
                }
            }
        }
    }

    /** @return whether a whole size line was consumed. */
    private boolean readSizeLine(final ByteBuf in)
    {
        final int start = in.readerIndex();
        final int lf = lineEnd(in, start);
        if (lf < 0)
        {
            return false;
        }
        long size = 0;
        int digits = 0;
        int i = start;
        for (; i < lf - 1; i++)
        {
            final int digit = Character.digit(in.getByte(i), 16);
            if (digit < 0)
            {
                break;
            }
            if (++digits > MAX_HEX_DIGITS)
            {
                throw new BodyFault("chunk size has more than " + MAX_HEX_DIGITS + " hex digits");
            }
            size = size << 4 | digit;
        }
        if (digits == 0)
        {
            throw new BodyFault("chunk size line does not start with a hex size");
        }
        if (!isChunkExtensions(in, i, lf - 1))
        {
            throw new BodyFault("chunk extension is not ;name or ;name=value (RFC 9112, 7.1.1)");
        }
        in.readerIndex(lf + 1);
        decoded += size;
        if (decoded > maxBody)
        {
            throw new BodyFault(413, "request body larger than " + maxBody + " bytes");
        }
        chunkRemaining = size;
        state = size == 0 ? TRAILER : DATA;
        return true;
    }

    /**
     * @return whether the bytes from {@code from} to {@code to} are chunk extensions:
     *         {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )}.
     */
    private static boolean isChunkExtensions(final ByteBuf in, final int from, final int to)
    {
        int i = from;
        while (i < to)
        {
            i = skipWhiteSpace(in, i, to);
            if (i == to || in.getByte(i) != ';')
            {
                return false;
            }
            i = skipToken(in, skipWhiteSpace(in, i + 1, to), to);
            if (i < 0)
            {
                return false;
            }
            final int afterName = skipWhiteSpace(in, i, to);
            if (afterName < to && in.getByte(afterName) == '=')
            {
                final int value = skipWhiteSpace(in, afterName + 1, to);
                i = value < to && in.getByte(value) == '"' ? skipQuotedString(in, value, to) : skipToken(in, value, to);
                if (i < 0)
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static int skipWhiteSpace(final ByteBuf in, final int from, final int to)
    {
        int i = from;
        while (i < to && Ascii.isWhiteSpace(in.getByte(i)))
        {
            i++;
        }
        return i;
    }

    /** @return the index past a token of at least one byte at {@code from}, or -1. */
    private static int skipToken(final ByteBuf in, final int from, final int to)
    {
        int i = from;
        while (i < to && Ascii.isTokenChar(in.getByte(i)))
        {
            i++;
        }
        return i > from ? i : -1;
    }

    /** @return the index past the quoted string opening at {@code from} (RFC 9110 §5.6.4), or -1. */
    private static int skipQuotedString(final ByteBuf in, final int from, final int to)
    {
        int i = from + 1;
        while (i < to)
        {
            final byte b = in.getByte(i);
            if (b == '"')
            {
                return i + 1;
            }
            if (b == '\\')
            {
                if (++i == to)
                {
                    return -1;
                }
            }
            if (!Ascii.isFieldValueChar(in.getByte(i)))
            {
                return -1;
            }
            i++;
        }
        return -1;
    }

    /** @return whether a whole trailer line was consumed. */
    private boolean readTrailerLine(final ByteBuf in)
    {
        final int start = in.readerIndex();
        final int lf = lineEnd(in, start);
        if (lf < 0)
        {
            return false;
        }
        trailerBytes += lf + 1 - start;
        if (trailerBytes > MAX_LINE)
        {
            throw new BodyFault("chunked trailer section longer than " + MAX_LINE + " bytes");
        }
        for (int j = start; j < lf - 1; j++)
        {
            if (!Ascii.isFieldValueChar(in.getByte(j)))
            {
                throw new BodyFault("trailer field has a control byte");
            }
        }
        in.readerIndex(lf + 1);
        if (lf - 1 == start)
        {
            state = DONE;
        }
        return true;
    }

    /** @return the index of the LF ending the line at {@code start}, or -1 when it has not arrived. */
    private static int lineEnd(final ByteBuf in, final int start)
    {
        final int lf = in.indexOf(start, in.writerIndex(), LF);
        if (lf < 0)
        {
            if (in.writerIndex() - start > MAX_LINE)
            {
                throw new BodyFault("chunk line longer than " + MAX_LINE + " bytes");
            }
            return -1;
        }
        if (lf == start || in.getByte(lf - 1) != CR)
        {
            throw new BodyFault("bare LF in a chunked body; lines must end with CRLF");
        }
        return lf;
    }
}
