package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

import static dev.ecbd.transport.Ascii.CR;
import static dev.ecbd.transport.Ascii.HTAB;
import static dev.ecbd.transport.Ascii.LF;
import static dev.ecbd.transport.Ascii.SP;

/**
 * A strict HTTP/1.1 request-head parser (RFC 9112) over the bytes of one connection, in two steps:
 * {@link #findHeadEnd} finds where the head ends as bytes arrive, resuming where it stopped, and
 * {@link #parse} reads the complete head into a {@link RequestHead} without copying. One per
 * connection, I/O thread only; allocates nothing.
 *
 * <p>Rejected, with the status in {@link #errorStatus()} and a reason in {@link #errorReason()}:
 * bare LF or CR, control bytes, obsolete line folding, white space before a header's colon, a
 * malformed request line (400); an unsupported version (505); a target longer than the URI limit
 * (414); a head longer than its limit or with too many fields (431); both {@code Content-Length}
 * and {@code Transfer-Encoding}, more than one length, or a malformed length (400); transfer
 * codings as {@link TransferCodings} judges them (400, or 501 for a coding it does not know); an
 * expectation other than {@code 100-continue} (417); an HTTP/1.1 request without exactly one
 * {@code Host}, or a {@code Host} that is not an authority ({@link Authority}) (400); a target with
 * a fragment, or {@code *} on a method other than OPTIONS (400, RFC 9112 §3.2).
 */
final class RequestHeadParser
{
    /** {@link #findHeadEnd} found no end of head yet. */
    static final int NEED_MORE = -1;
    /** {@link #findHeadEnd} met bytes that can never be a head; see {@link #errorStatus()}. */
    static final int INVALID = -2;

    private static final byte[] CONTENT_LENGTH = Ascii.bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = Ascii.bytes("transfer-encoding");
    private static final byte[] CONNECTION = Ascii.bytes("connection");
    private static final byte[] HOST = Ascii.bytes("host");
    private static final byte[] EXPECT = Ascii.bytes("expect");
    private static final byte[] CLOSE = Ascii.bytes("close");
    private static final byte[] KEEP_ALIVE = Ascii.bytes("keep-alive");
    private static final byte[] CONTINUE = Ascii.bytes("100-continue");
    private static final byte[] HTTP = Ascii.bytes("http");
    private static final byte[] HTTPS = Ascii.bytes("https");
    private static final int MAX_LENGTH_DIGITS = 18;

    private final int maxHeadSize;
    private final int maxUriLength;

    private int lineStart;
    private boolean requestLineSeen;
    private int hostCount;
    private final TransferCodings transferCodings = new TransferCodings();
    private int errorStatus;
    private String errorReason;

    RequestHeadParser(final int maxHeadSize, final int maxUriLength)
    {
        this.maxHeadSize = maxHeadSize;
        this.maxUriLength = maxUriLength;
    }

    int errorStatus()
    {
        return errorStatus;
    }

    String errorReason()
    {
        return errorReason;
    }

    /**
     * Looks for the empty line that ends the head starting at {@code start}.
     *
     * @return the head's length including its final empty line, {@link #NEED_MORE}, or
     *         {@link #INVALID}.
     */
    int findHeadEnd(final ByteBuf bytes, final int start, final int end)
    {
        int from = start + lineStart;
        while (true)
        {
            final int lf = bytes.indexOf(from, end, LF);
            if (lf < 0)
            {
                lineStart = from - start;
                if (!requestLineSeen && end - start > maxUriLength + 32)
                {
                    reject(414, "request line longer than " + maxUriLength + " bytes");
                    return INVALID;
                }
                if (end - start > maxHeadSize)
                {
                    reject(431, "request head longer than " + maxHeadSize + " bytes");
                    return INVALID;
                }
                return NEED_MORE;
            }
            if (lf == start || bytes.getByte(lf - 1) != CR)
            {
                reject(400, "bare LF in the request head; lines must end with CRLF");
                return INVALID;
            }
            if (lf + 1 - start > maxHeadSize)
            {
                reject(431, "request head longer than " + maxHeadSize + " bytes");
                return INVALID;
            }
            if (lf - 1 == from && requestLineSeen)
            {
                lineStart = 0;
                requestLineSeen = false;
                return lf + 1 - start;
            }
            requestLineSeen = true;
            from = lf + 1;
        }
    }

    /**
     * Parses a complete head of {@code headLength} bytes at {@code start} into {@code head}, with
     * offsets relative to {@code start}.
     *
     * @return 0 when the head is acceptable, else the HTTP status to answer.
     */
    int parse(final ByteBuf bytes, final int start, final int headLength, final RequestHead head)
    {
        head.reset();
        hostCount = 0;
        transferCodings.reset();
        final int end = start + headLength;
        final int requestLineEnd = bytes.indexOf(start, end, LF) - 1;
        final int status = parseRequestLine(bytes, start, requestLineEnd, head);
        if (status != 0)
        {
            return status;
        }
        int line = requestLineEnd + 2;
        while (true)
        {
            final int cr = bytes.indexOf(line, end, LF) - 1;
            if (cr == line)
            {
                break;
            }
            final int fieldStatus = parseField(bytes, start, line, cr, head);
            if (fieldStatus != 0)
            {
                return fieldStatus;
            }
            line = cr + 2;
        }
        head.headLength = headLength;
        if (transferCodings.present())
        {
            if (head.contentLength >= 0)
            {
                return reject(400, "request has both Content-Length and Transfer-Encoding");
            }
            final boolean http11 = head.version == RequestHead.HTTP_1_1;
            final String problem = transferCodings.problem(http11);
            if (problem != null)
            {
                return reject(transferCodings.status(http11), problem);
            }
            head.chunked = true;
        }
        if (head.version == RequestHead.HTTP_1_1 ? hostCount != 1 : hostCount > 1)
        {
            return reject(400, "an HTTP/1.1 request needs exactly one Host header");
        }
        return 0;
    }

    private int parseRequestLine(final ByteBuf bytes, final int start, final int lineEnd, final RequestHead head)
    {
        int p = start;
        while (p < lineEnd && Ascii.isTokenChar(bytes.getByte(p)))
        {
            p++;
        }
        if (p == start || p >= lineEnd || bytes.getByte(p) != SP)
        {
            return reject(400, "malformed request line: bad method");
        }
        head.methodStart = 0;
        head.methodLength = p - start;
        head.headMethod = Ascii.regionEquals(bytes, start, p - start, "HEAD");

        final int targetStart = ++p;
        while (p < lineEnd && bytes.getByte(p) != SP)
        {
            final byte b = bytes.getByte(p);
            if (!Ascii.isTargetChar(b))
            {
                return reject(400, "request target has a byte that is not allowed there");
            }
            if (b == '#')
            {
                return reject(400, "request target has a fragment; fragments are never sent");
            }
            p++;
        }
        if (p == targetStart || p >= lineEnd)
        {
            return reject(400, "malformed request line: bad target");
        }
        if (p - targetStart > maxUriLength)
        {
            return reject(414, "request target longer than " + maxUriLength + " bytes");
        }
        final int versionStart = p + 1;
        final int versionLength = lineEnd - versionStart;
        if (Ascii.regionEquals(bytes, versionStart, versionLength, "HTTP/1.1"))
        {
            head.version = RequestHead.HTTP_1_1;
        }
        else if (Ascii.regionEquals(bytes, versionStart, versionLength, "HTTP/1.0"))
        {
            head.version = RequestHead.HTTP_1_0;
        }
        else if (versionLength == 8 && Ascii.regionEquals(bytes, versionStart, 5, "HTTP/")
            && Character.isDigit(bytes.getByte(versionStart + 5)) && bytes.getByte(versionStart + 6) == '.'
            && Character.isDigit(bytes.getByte(versionStart + 7)))
        {
            return reject(505, "only HTTP/1.1 and HTTP/1.0 are supported");
        }
        else
        {
            return reject(400, "malformed request line: bad version");
        }
        return parseTarget(bytes, start, targetStart, p, head);
    }

    private int parseTarget(final ByteBuf bytes, final int start, final int targetStart, final int targetEnd, final RequestHead head)
    {
        int pathStart = targetStart;
        final byte first = bytes.getByte(targetStart);
        if (first == '*' && targetEnd - targetStart == 1)
        {
            if (!Ascii.regionEquals(bytes, start, head.methodLength, "OPTIONS"))
            {
                return reject(400, "the * target is only for OPTIONS");
            }
            pathStart = targetStart;
        }
        else if (first != '/')
        {
            final int schemeEnd = bytes.indexOf(targetStart, targetEnd, (byte)':');
            final boolean http = schemeEnd > targetStart && (Ascii.equalsIgnoreCase(bytes, targetStart, schemeEnd - targetStart, HTTP)
                || Ascii.equalsIgnoreCase(bytes, targetStart, schemeEnd - targetStart, HTTPS));
            if (!http || targetEnd - schemeEnd < 3 || bytes.getByte(schemeEnd + 1) != '/' || bytes.getByte(schemeEnd + 2) != '/')
            {
                return reject(400, "request target must be a path, *, or an absolute http URI");
            }
            pathStart = bytes.indexOf(schemeEnd + 3, targetEnd, (byte)'/');
            if (pathStart < 0)
            {
                return reject(400, "absolute request target has no path");
            }
        }
        final int question = bytes.indexOf(pathStart, targetEnd, (byte)'?');
        head.targetStart = pathStart - start;
        head.targetLength = targetEnd - pathStart;
        head.pathLength = (question < 0 ? targetEnd : question) - pathStart;
        head.queryStart = question < 0 ? -1 : question + 1 - start;
        return 0;
    }

    private int parseField(final ByteBuf bytes, final int start, final int line, final int cr, final RequestHead head)
    {
        final byte first = bytes.getByte(line);
        if (first == SP || first == HTAB)
        {
            return reject(400, "obsolete line folding in the request head");
        }
        int colon = line;
        while (colon < cr && Ascii.isTokenChar(bytes.getByte(colon)))
        {
            colon++;
        }
        if (colon == line || colon >= cr || bytes.getByte(colon) != ':')
        {
            return reject(400, "malformed header field name (no white space is allowed before the colon)");
        }
        int valueStart = colon + 1;
        while (valueStart < cr && Ascii.isWhiteSpace(bytes.getByte(valueStart)))
        {
            valueStart++;
        }
        int valueEnd = cr;
        while (valueEnd > valueStart && Ascii.isWhiteSpace(bytes.getByte(valueEnd - 1)))
        {
            valueEnd--;
        }
        // NOTE: a Host value is checked against its own, narrower grammar in interpretField; one pass is enough.
        if (!isHost(bytes, line, colon - line))
        {
            for (int i = valueStart; i < valueEnd; i++)
            {
                if (!Ascii.isFieldValueChar(bytes.getByte(i)))
                {
                    return reject(400, "header field value has a control byte");
                }
            }
        }
        if (head.headerCount == head.maxHeaders())
        {
            return reject(431, "more than " + head.maxHeaders() + " header fields");
        }
        head.addHeader(line - start, colon - line, valueStart - start, valueEnd - valueStart);
        return interpretField(bytes, line, colon - line, valueStart, valueEnd - valueStart, head);
    }

    private int interpretField(final ByteBuf bytes, final int name, final int nameLength, final int value, final int valueLength, final RequestHead head)
    {
        if (Ascii.equalsIgnoreCase(bytes, name, nameLength, CONTENT_LENGTH))
        {
            if (head.contentLength >= 0)
            {
                return reject(400, "more than one Content-Length");
            }
            if (valueLength == 0 || valueLength > MAX_LENGTH_DIGITS)
            {
                return reject(400, "malformed Content-Length");
            }
            long length = 0;
            for (int i = value; i < value + valueLength; i++)
            {
                final byte digit = bytes.getByte(i);
                if (digit < '0' || digit > '9')
                {
                    return reject(400, "malformed Content-Length");
                }
                length = length * 10 + (digit - '0');
            }
            head.contentLength = length;
        }
        else if (Ascii.equalsIgnoreCase(bytes, name, nameLength, TRANSFER_ENCODING))
        {
            transferCodings.add(bytes, value, value + valueLength);
        }
        else if (Ascii.equalsIgnoreCase(bytes, name, nameLength, CONNECTION))
        {
            interpretConnection(bytes, value, value + valueLength, head);
        }
        else if (isHost(bytes, name, nameLength))
        {
            hostCount++;
            if (!Authority.isValidHost(bytes, value, value + valueLength))
            {
                return reject(400, "Host is not a host name or address with an optional port");
            }
        }
        else if (Ascii.equalsIgnoreCase(bytes, name, nameLength, EXPECT))
        {
            if (!Ascii.equalsIgnoreCase(bytes, value, valueLength, CONTINUE))
            {
                return reject(417, "the only expectation supported is 100-continue");
            }
            head.expectContinue = true;
        }
        return 0;
    }

    private static boolean isHost(final ByteBuf bytes, final int name, final int nameLength)
    {
        return Ascii.equalsIgnoreCase(bytes, name, nameLength, HOST);
    }

    private static void interpretConnection(final ByteBuf bytes, final int from, final int to, final RequestHead head)
    {
        Ascii.forEachListElement(bytes, from, to, head, RequestHeadParser::connectionOption);
    }

    private static void connectionOption(final RequestHead head, final ByteBuf bytes, final int from, final int to)
    {
        if (Ascii.equalsIgnoreCase(bytes, from, to - from, CLOSE))
        {
            head.connectionClose = true;
        }
        else if (Ascii.equalsIgnoreCase(bytes, from, to - from, KEEP_ALIVE))
        {
            head.connectionKeepAlive = true;
        }
    }

    private int reject(final int status, final String reason)
    {
        errorStatus = status;
        errorReason = reason;
        return status;
    }
}
