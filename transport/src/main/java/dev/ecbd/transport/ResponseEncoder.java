package dev.ecbd.transport;

import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.HttpFields;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * Turns one response, as an extension gives it, into bytes: validates the status and header
 * lines, decides the framing, composes the head, and frames body batches and file regions. No
 * threads, no volatiles: it belongs to the slot's worker (or the I/O thread standing in for it
 * during an inline request) from dispatch to the end of the request, and {@link #reset} readies
 * it for the slot's next request.
 *
 * <h2>Framing</h2>
 * Decided when the first batch leaves: {@code Content-Length} when the whole body is known by then
 * (or declared by the extension), else {@code Transfer-Encoding: chunked} for HTTP/1.1 and a
 * close-delimited body for HTTP/1.0. HEAD and statuses without a body send none.
 *
 * <h2>One buffer per batch</h2>
 * Body buffers keep room free in front: for a chunk's size line and, in the first one, for the
 * head itself, which is written backwards into that room when the batch leaves.
 */
final class ResponseEncoder
{
    private static final int CHUNK_PREFIX_ROOM = 10;
    /** Head bytes besides the extension's lines, at most: status line, Server, Date, framing, Connection, CRLF. */
    private static final int HEAD_ROOM_FIXED = 160;

    private final ByteBufAllocator alloc;
    private final int flushThreshold;
    private final ParsedRequest request;

    private int status;
    private byte[] headerLines;
    /** The last header-lines String validated, and what validating and encoding it gave. */
    private CharSequence lastHeaderLines;
    private ResponseHeaderLines lastLines;
    private byte[] lastEncodedLines;
    private long declaredLength = -1;
    private boolean extensionAskedClose;
    private boolean headSent;
    private boolean chunked;
    private boolean closeAfter;
    private long written;
    private ByteBuf body;

    /**
     * @param request the request this encoder answers, read for its method and version.
     */
    ResponseEncoder(final ByteBufAllocator alloc, final int flushThreshold, final ParsedRequest request)
    {
        this.alloc = alloc;
        this.flushThreshold = flushThreshold;
        this.request = request;
    }

    /**
     * Sets the status and the extension's header lines.
     *
     * @throws IllegalStateException when a header was set already.
     * @throws IllegalArgumentException for a status outside 200-599 or a malformed line.
     */
    void header(final int status, final CharSequence lines)
    {
        if (this.status != 0)
        {
            throw new IllegalStateException("a response header was already sent for this request");
        }
        HttpFields.requireResponseStatus(status);
        final ResponseHeaderLines checked;
        final byte[] encoded;
        if (lines == lastHeaderLines)
        {
            // NOTE: the same String as last time: already validated and encoded.
            checked = lastLines;
            encoded = lastEncodedLines;
        }
        else
        {
            checked = ResponseHeaderLines.validate(lines);
            encoded = lines.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (lines instanceof String)
            {
                lastHeaderLines = lines;
                lastLines = checked;
                lastEncodedLines = encoded;
            }
        }
        this.headerLines = encoded;
        this.status = status;
        this.declaredLength = checked.contentLength();
        this.extensionAskedClose |= checked.close();
    }

    /** @return the status, or 0 while none was set. */
    int status()
    {
        return status;
    }

    /** @return body bytes the extension has written so far, whether or not they go on the wire. */
    long written()
    {
        return written;
    }

    /** @return the {@code Content-Length} the extension declared, or -1. */
    long declaredLength()
    {
        return declaredLength;
    }

    boolean headSent()
    {
        return headSent;
    }

    /**
     * Admits {@code length} more body bytes: sets the default head (200) when none was set, and
     * checks them against a declared {@code Content-Length}.
     *
     * @return null when they fit, else why not.
     */
    String admit(final long length)
    {
        if (status == 0)
        {
            header(200, "");
        }
        return declaredLength >= 0 && written + length > declaredLength
            ? "the response body would exceed its declared Content-Length of " + declaredLength : null;
    }

    /** Counts {@code length} admitted body bytes as written. */
    void count(final long length)
    {
        written += length;
    }

    /** @return whether body bytes go on the wire: not for HEAD, nor for a status without a body. */
    boolean bodyOnWire()
    {
        return !request.headMethod() && !ResponseHeads.forbidsBody(status);
    }

    /** @return the buffer to write {@code length} more body bytes into. */
    ByteBuf body(final int length)
    {
        if (body == null)
        {
            final int room = CHUNK_PREFIX_ROOM + (headSent ? 0 : HEAD_ROOM_FIXED + headerLines.length);
            body = alloc.directBuffer(Math.max(256, room + Math.min(flushThreshold, length) + 16));
            body.setIndex(room, room);
        }
        return body;
    }

    /** @return whether the buffered body has reached the flush threshold. */
    boolean full()
    {
        return body != null && body.readableBytes() >= flushThreshold;
    }

    /** @return whether the connection is already bound to close after this response. */
    boolean closeAsked()
    {
        return extensionAskedClose || closeAfter;
    }

    /** Asks for the connection to close after this response (a transmission's close-after-send, or the extension's {@code closeConnection}). */
    void askClose()
    {
        extensionAskedClose = true;
    }

    /**
     * Settles, before the last batch, whether the connection closes after it.
     *
     * @param requiredByOthers whether the request, the connection or the session's end demands it.
     * @return whether it closes.
     */
    boolean settleClose(final boolean requiredByOthers)
    {
        closeAfter |= requiredByOthers || extensionAskedClose;
        return closeAfter;
    }

    /** Makes the connection close after the response: the body will not match its declared length. */
    void forceClose()
    {
        closeAfter = true;
    }

    /** @return whether a declared {@code Content-Length} went unmatched by the bytes on the wire. */
    boolean lengthMismatch()
    {
        return declaredLength >= 0 && written != declaredLength && bodyOnWire();
    }

    /**
     * Frames what is buffered as one batch: the head if not yet sent, then the body (as a chunk
     * when chunked), then the last chunk when {@code last}.
     *
     * @return the bytes to send, or null when there are none.
     */
    ByteBuf frame(final boolean last)
    {
        ByteBuf out = body;
        body = null;
        decideFraming(last);
        if (chunked)
        {
            out = frameChunk(out, last);
        }
        if (!headSent)
        {
            out = composeHead(last, out);
        }
        if (out != null && !out.isReadable())
        {
            out.release();
            out = null;
        }
        return out;
    }

    /**
     * Frames what goes before a file region: the head if not yet sent, the buffered body, the
     * region's chunk-size line when chunked, and the transmission's head bytes.
     *
     * @param total the transmission's bytes: its head, the region and its tail.
     */
    ByteBuf frameBeforeFile(final FileTransmission transmission, final long total)
    {
        decideFraming(false);
        final ByteBuf before = headSent ? alloc.directBuffer(64 + transmission.headLength()) : composeHead(false, null);
        if (body != null)
        {
            if (chunked && body.isReadable())
            {
                ResponseHeads.writeChunkSize(before, body.readableBytes());
                before.writeBytes(body).writeBytes(ResponseHeads.CRLF);
            }
            else
            {
                before.writeBytes(body);
            }
            body.release();
            body = null;
        }
        if (chunked && total > 0)
        {
            ResponseHeads.writeChunkSize(before, total);
        }
        return before.writeBytes(transmission.head());
    }

    /** @return what goes after a file region: the transmission's tail, and a CRLF ending its chunk; or null. */
    ByteBuf frameAfterFile(final FileTransmission transmission, final long total)
    {
        final boolean endChunk = chunked && total > 0;
        if (transmission.tailLength() == 0 && !endChunk)
        {
            return null;
        }
        final ByteBuf after = alloc.directBuffer(transmission.tailLength() + 2).writeBytes(transmission.tail());
        return endChunk ? after.writeBytes(ResponseHeads.CRLF) : after;
    }

    /**
     * Replaces the response with an error of the server's own, when its head has not gone yet;
     * drops what is buffered either way.
     *
     * @return the complete error response, or null when the head went already (then the
     *         connection can only be closed).
     */
    ByteBuf error(final int errorStatus, final String message)
    {
        releaseBody();
        return headSent ? null : ResponseHeads.plainResponse(alloc, errorStatus, message, true, "", request.headMethod());
    }

    /** Drops what is buffered and forgets the response. */
    void reset()
    {
        releaseBody();
        status = 0;
        headerLines = null;
        declaredLength = -1;
        extensionAskedClose = headSent = chunked = closeAfter = false;
        written = 0;
    }

    private void releaseBody()
    {
        if (body != null)
        {
            body.release();
            body = null;
        }
    }

    /** Decides how the body is delimited, while the head has not gone; idempotent. */
    private void decideFraming(final boolean last)
    {
        if (!headSent && !ResponseHeads.forbidsBody(status) && declaredLength < 0 && !last)
        {
            if (request.http11())
            {
                chunked = true;
            }
            else
            {
                closeAfter = true;
            }
        }
    }

    /**
     * Writes the head: backwards into the room in front of {@code into}'s bytes when it fits, else
     * into a new buffer followed by {@code into}'s bytes.
     */
    private ByteBuf composeHead(final boolean last, final ByteBuf into)
    {
        final byte[] framing = chunked ? ResponseHeads.CHUNKED : null;
        final long contentLength = !ResponseHeads.forbidsBody(status) && declaredLength < 0 && last && !chunked ? written : -1;
        final byte[] connectionLine = closeAfter ? ResponseHeads.CONNECTION_CLOSE : request.http11() ? null : ResponseHeads.CONNECTION_KEEP_ALIVE;
        final byte[] statusLine = ResponseHeads.statusLine(status);
        final byte[] date = HttpDate.headerLine();
        final int length = statusLine.length + ResponseHeads.SERVER.length + date.length + headerLines.length
            + (framing == null ? 0 : framing.length) + (contentLength < 0 ? 0 : ResponseHeads.contentLengthLineLength(contentLength))
            + (connectionLine == null ? 0 : connectionLine.length) + ResponseHeads.CRLF.length;
        final ByteBuf out;
        int end = -1;
        if (into != null && into.readerIndex() >= length)
        {
            out = into;
            end = into.writerIndex();
            final int start = into.readerIndex() - length;
            // NOTE: reader first: a writer index may never fall below the reader index.
            out.readerIndex(start);
            out.writerIndex(start);
        }
        else
        {
            out = alloc.directBuffer(length + (into == null ? 0 : into.readableBytes()));
        }
        out.writeBytes(statusLine).writeBytes(ResponseHeads.SERVER).writeBytes(date).writeBytes(headerLines);
        if (framing != null)
        {
            out.writeBytes(framing);
        }
        if (contentLength >= 0)
        {
            ResponseHeads.writeContentLength(out, contentLength);
        }
        if (connectionLine != null)
        {
            out.writeBytes(connectionLine);
        }
        out.writeBytes(ResponseHeads.CRLF);
        if (end >= 0)
        {
            out.writerIndex(end);
        }
        else if (into != null)
        {
            out.writeBytes(into);
            into.release();
        }
        headSent = true;
        return out;
    }

    private ByteBuf frameChunk(final ByteBuf data, final boolean last)
    {
        ByteBuf framed = data;
        if (framed != null && framed.isReadable())
        {
            final int size = framed.readableBytes();
            final int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(size) + 3) / 4);
            final int start = framed.readerIndex() - digits - 2;
            final int end = framed.writerIndex();
            framed.setIndex(start, start);
            ResponseHeads.writeChunkSize(framed, size);
            framed.writerIndex(end);
            framed.writeBytes(ResponseHeads.CRLF);
        }
        if (last)
        {
            if (framed == null)
            {
                framed = alloc.directBuffer(ResponseHeads.LAST_CHUNK.length);
            }
            framed.writeBytes(ResponseHeads.LAST_CHUNK);
        }
        return framed;
    }
}
