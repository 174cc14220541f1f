package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/**
 * Pieces of response heads, pre-encoded, and the server's own complete responses (errors, shed
 * load). Status lines for every code from 100 to 599 are built once.
 */
final class ResponseHeads
{
    static final byte[] CRLF = Ascii.bytes("\r\n");
    static final byte[] SERVER = Ascii.bytes("Server: ecbd\r\n");
    static final byte[] CHUNKED = Ascii.bytes("Transfer-Encoding: chunked\r\n");
    static final byte[] CONNECTION_CLOSE = Ascii.bytes("Connection: close\r\n");
    static final byte[] CONNECTION_KEEP_ALIVE = Ascii.bytes("Connection: keep-alive\r\n");
    static final byte[] LAST_CHUNK = Ascii.bytes("0\r\n\r\n");
    static final byte[] CONTINUE = Ascii.bytes("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] CONTENT_LENGTH = Ascii.bytes("Content-Length: ");
    private static final byte[][] STATUS_LINES = new byte[600][];

    static
    {
        for (int status = 100; status < 600; status++)
        {
            STATUS_LINES[status] = Ascii.bytes("HTTP/1.1 " + status + " " + reason(status) + "\r\n");
        }
    }

    private ResponseHeads()
    {
    }

    /** @return the status line for {@code status}, 100 to 599; never modify it. */
    static byte[] statusLine(final int status)
    {
        return STATUS_LINES[status];
    }

    /** @return whether a response with this status never has a body. */
    static boolean forbidsBody(final int status)
    {
        return status < 200 || status == 204 || status == 304;
    }

    /** Writes {@code Content-Length: n\r\n}. */
    static void writeContentLength(final ByteBuf out, final long length)
    {
        out.writeBytes(CONTENT_LENGTH);
        writeDecimal(out, length);
        out.writeBytes(CRLF);
    }

    /** @return the length of {@code Content-Length: n\r\n}. */
    static int contentLengthLineLength(final long length)
    {
        int digits = 1;
        for (long rest = length; rest >= 10; rest /= 10)
        {
            digits++;
        }
        return CONTENT_LENGTH.length + digits + CRLF.length;
    }

    /** Writes {@code value} in decimal ASCII without allocating. */
    static void writeDecimal(final ByteBuf out, final long value)
    {
        if (value == 0)
        {
            out.writeByte('0');
            return;
        }
        long divisor = 1;
        while (value / divisor >= 10)
        {
            divisor *= 10;
        }
        for (long rest = value; divisor > 0; divisor /= 10)
        {
            out.writeByte((int)('0' + rest / divisor));
            rest %= divisor;
        }
    }

    /** Writes a chunk-size line, {@code <hex>\r\n}. */
    static void writeChunkSize(final ByteBuf out, final long size)
    {
        final int digits = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(size) + 3) / 4);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        {
            out.writeByte(Character.forDigit((int)((size >>> shift) & 0xF), 16));
        }
        out.writeBytes(CRLF);
    }

    /**
     * Builds a complete plain-text response of the server's own (an error, shed load).
     *
     * @param extraHeaderLines more header lines, each ending in CRLF, or an empty string.
     */
    static ByteBuf plainResponse(final ByteBufAllocator alloc, final int status, final String message, final boolean close,
        final String extraHeaderLines, final boolean headOnly)
    {
        final byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        final ByteBuf out = alloc.directBuffer(256 + extraHeaderLines.length() + body.length);
        out.writeBytes(statusLine(status)).writeBytes(SERVER).writeBytes(HttpDate.headerLine());
        out.writeCharSequence("Content-Type: text/plain; charset=utf-8\r\n", StandardCharsets.US_ASCII);
        writeContentLength(out, body.length);
        ByteBufUtil.writeAscii(out, extraHeaderLines);
        if (close)
        {
            out.writeBytes(CONNECTION_CLOSE);
        }
        out.writeBytes(CRLF);
        if (!headOnly)
        {
            out.writeBytes(body);
        }
        return out;
    }

    /** @return the reason phrase for {@code status}; empty for codes without one. */
    static String reason(final int status)
    {
        return switch (status)
        {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "";
        };
    }
}
