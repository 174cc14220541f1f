package dev.ecbd.transport;

import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.IoErrors;
import dev.ecbd.dispatcher.EcbSession;
import dev.ecbd.dispatcher.Exchange;
import dev.ecbd.dispatcher.SessionEnd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * The transport's side of one ECB slot: the request's bytes as they arrived, and its response on
 * the way out. One per slot, reused for every request the slot carries.
 *
 * <h2>Ownership</h2>
 * <ol>
 * <li>The I/O thread fills the request fields ({@link #fill}) before dispatch; the dispatch
 * queue's offer and poll publish them to the worker.</li>
 * <li>The worker owns the response fields from dispatch until {@link #finish}. It hands bytes to
 * the connection one batch at a time through the hand-off fields: it writes them, sets
 * {@code handoffState} to in-flight, and posts the exchange to the connection's {@link IoLane}
 * (a release paired with the lane's acquiring poll).</li>
 * <li>The I/O thread takes the batch, and for one that is not the last sets {@code handoffState}
 * back to idle (volatile) and unparks the worker, which may be waiting to hand off the next batch.
 * So at most two batches of a response are in memory: one being filled, one being sent.</li>
 * <li>After the last batch the I/O thread owns everything: it writes the batch, releases the
 * request's buffers, resets the response fields and recycles the slot. The next dispatch publishes
 * that reset to the worker.</li>
 * </ol>
 *
 * <h2>Asynchronous batches</h2>
 * An asynchronous write or file transmission is a batch like any other, marked with its byte
 * count. The I/O thread lets the worker go on as soon as it has taken such a batch, writes it, and
 * then writes an empty buffer whose promise completes once everything before it has reached the
 * socket; that promise reports the completion to the session, with the generation of the request
 * that started it. A batch held behind earlier pipelined responses keeps a marker in its place.
 *
 * <h2>Reading the body</h2>
 * A read is a request the worker posts on the same lane, with its own flag: the I/O thread copies
 * body bytes straight into the reader's array as they arrive (see {@link HttpConnection}), then
 * either wakes the worker parked in {@link #readClient} ({@code readResult}, volatile) or reports
 * the completion of {@link #readClientAsync} to the session. {@code bodyComplete} (volatile, set by
 * the I/O thread before it reports the read that ended the body) lets later reads answer 0 at once.
 *
 * <h2>Framing</h2>
 * The head is composed on the worker when the first batch leaves: {@code Content-Length} when the
 * whole body is known by then (or declared by the extension), else {@code Transfer-Encoding:
 * chunked} for HTTP/1.1 and a close-delimited body for HTTP/1.0. Body buffers keep room free in
 * front, for a chunk's size line and, in the first one, for the head itself, which is written
 * backwards into that room when the batch leaves: one buffer and no copy per response.
 */
final class NettyExchange implements Exchange
{
    private static final System.Logger LOG = System.getLogger(NettyExchange.class.getName());
    private static final int CHUNK_PREFIX_ROOM = 10;
    /** Head bytes besides the extension's lines, at most: status line, Server, Date, framing, CRLF. */
    private static final int HEAD_ROOM_FIXED = 160;
    private static final int IDLE = 0;
    private static final int IN_FLIGHT = 1;

    private final ByteBufAllocator alloc;
    private final int flushThreshold;
    private final PathView pathView = new PathView();
    private EcbSession session;

    // Request: written by the I/O thread before dispatch.
    private RequestHead head;
    private ByteBuf request;
    private HttpConnection connection;
    private String path;

    // Response: worker thread between dispatch and finish.
    private int status;
    private byte[] headerLinesBytes;

    /** The last header-lines String this exchange validated, and what validating and encoding it gave. */
    private CharSequence lastHeaderLines;
    private ResponseHeaderLines lastLines;
    private byte[] lastEncodedLines;
    private ByteBuf body;
    private long declaredLength = -1;
    private boolean extensionAskedClose;
    private boolean headSent;
    private boolean chunked;
    private boolean closeAfter;
    private long written;

    // Hand-off: written by the worker before posting, taken by the I/O thread.
    private ByteBuf handoffFirst;
    private Object handoffSecond;
    private ByteBuf handoffThird;
    private boolean handoffFinal;
    private boolean handoffClose;
    private long handoffAsyncBytes = -1;
    private long handoffGeneration;
    private volatile int handoffState;

    // The asynchronous operation whose completion the I/O thread awaits: I/O thread.
    private final Object asyncMarker = new Object();
    private final ChannelFutureListener asyncWritten = this::asyncWritten;
    private long asyncBytes;
    private long asyncGeneration;

    /** Set by the I/O thread when the connection has gone; read by the worker before each write. */
    private volatile boolean connectionLost;

    // A read: written by the worker before posting, used by the I/O thread.
    private static final int NO_READ = Integer.MIN_VALUE;
    private byte[] readTarget;
    private int readOffset;
    private int readLength;
    private boolean readAsync;
    private long readGeneration;
    private int readError;
    private volatile int readResult = NO_READ;
    private volatile boolean readPosted;
    private volatile boolean outputPosted;
    private volatile boolean bodyComplete;

    /** Whether the request runs inline on its I/O thread; set and read on that thread only. */
    private boolean inline;

    // Held output of a pipelined response that is not yet at the head of its connection: I/O thread.
    private final ArrayDeque<Object> held = new ArrayDeque<>(4);
    private int heldBytes;
    private boolean heldFinal;
    private boolean heldClose;

    NettyExchange(final ByteBufAllocator alloc, final int maxHeaders, final int flushThreshold)
    {
        this.alloc = alloc;
        this.flushThreshold = flushThreshold;
        this.head = new RequestHead(maxHeaders);
    }

    void bind(final EcbSession session)
    {
        this.session = session;
    }

    EcbSession session()
    {
        return session;
    }

    HttpConnection connection()
    {
        return connection;
    }

    // ---------------------------------------------------------------- I/O thread: request in

    /**
     * Takes a parsed head and the request's bytes (head and available body, retained for this
     * exchange). I/O thread, before dispatch.
     *
     * @return the head object this exchange held before, for the connection to parse into next.
     */
    RequestHead fill(final HttpConnection connection, final RequestHead parsed, final ByteBuf request, final boolean wholeBody)
    {
        final RequestHead previous = head;
        this.head = parsed;
        this.request = request;
        this.connection = connection;
        this.bodyComplete = wholeBody;
        parsed.bytes(request);
        return previous;
    }

    /** Releases everything of the request and returns the slot. I/O thread, once per request. */
    void recycle()
    {
        releaseRequestAndResponse();
        session.recycle();
    }

    /** Releases everything of a request whose dispatch was refused, and returns the slot. I/O thread. */
    void cancelDispatch()
    {
        releaseRequestAndResponse();
        session.cancelDispatch();
    }

    private void releaseRequestAndResponse()
    {
        if (request != null)
        {
            request.release();
            request = null;
        }
        head.bytes(null);
        releaseHeld(false);
        release(body);
        body = null;
        headerLinesBytes = null;
        connection = null;
        path = null;
        status = 0;
        declaredLength = -1;
        extensionAskedClose = headSent = chunked = closeAfter = false;
        written = 0;
        handoffState = IDLE;
        connectionLost = false;
        readTarget = null;
        readResult = NO_READ;
        readPosted = false;
        outputPosted = false;
        bodyComplete = false;
        heldFinal = heldClose = false;
    }

    // ---------------------------------------------------------------- worker: request accessors

    @Override
    public CharSequence pathView()
    {
        return pathView.wrap(request, head.targetStart, head.pathLength);
    }

    @Override
    public String method()
    {
        return head.method();
    }

    @Override
    public String path()
    {
        if (path == null)
        {
            path = head.path();
        }
        return path;
    }

    @Override
    public String query()
    {
        return head.query();
    }

    @Override
    public String protocol()
    {
        return head.protocol();
    }

    @Override
    public String header(final String name)
    {
        return head.header(name);
    }

    @Override
    public int headerCount()
    {
        return head.headerCount;
    }

    @Override
    public String headerName(final int index)
    {
        return head.headerName(index);
    }

    @Override
    public String headerValue(final int index)
    {
        return head.headerValue(index);
    }

    @Override
    public InetSocketAddress remoteAddress()
    {
        return connection.remoteAddress();
    }

    @Override
    public long contentLength()
    {
        return head.contentLength;
    }

    @Override
    public int availableBodyLength()
    {
        return request.readableBytes() - head.headLength;
    }

    @Override
    public int copyAvailableBody(final int from, final byte[] dst, final int dstOffset, final int length)
    {
        final int available = availableBodyLength();
        if (from < 0 || from > available)
        {
            throw new IndexOutOfBoundsException("body offset " + from + " of " + available + " available bytes");
        }
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        final int count = Math.min(length, available - from);
        request.getBytes(request.readerIndex() + head.headLength + from, dst, dstOffset, count);
        return count;
    }

    // ---------------------------------------------------------------- worker: response out

    @Override
    public void sendResponseHeader(final int status, final CharSequence headerLines)
    {
        if (this.status != 0)
        {
            throw new IllegalStateException("a response header was already sent for this request");
        }
        if (status < 200 || status > 599)
        {
            throw new IllegalArgumentException("response status must be from 200 to 599: " + status);
        }
        final ResponseHeaderLines lines;
        final byte[] encoded;
        if (headerLines == lastHeaderLines)
        {
            // NOTE: the same String as last time: already validated and encoded.
            lines = lastLines;
            encoded = lastEncodedLines;
        }
        else
        {
            lines = ResponseHeaderLines.validate(headerLines);
            encoded = headerLines.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (headerLines instanceof String)
            {
                lastHeaderLines = headerLines;
                lastLines = lines;
                lastEncodedLines = encoded;
            }
        }
        this.headerLinesBytes = encoded;
        this.status = status;
        this.declaredLength = lines.contentLength();
        this.extensionAskedClose = lines.close();
        session.slot().httpStatus(status);
    }

    @Override
    public void writeClient(final byte[] src, final int offset, final int length) throws IOException
    {
        Objects.checkFromIndexSize(offset, length, src.length);
        if (admitWrite(length))
        {
            body(length).writeBytes(src, offset, length);
            flushIfFull();
        }
    }

    @Override
    public void writeClient(final ByteBuffer src) throws IOException
    {
        final int length = src.remaining();
        if (admitWrite(length))
        {
            body(length).writeBytes(src);
            flushIfFull();
        }
        else
        {
            src.position(src.limit());
        }
    }

    @Override
    public long bytesWritten()
    {
        return written;
    }

    @Override
    public void writeClientAsync(final byte[] src, final int offset, final int length)
    {
        Objects.checkFromIndexSize(offset, length, src.length);
        if (admitAsync(length))
        {
            body(length).writeBytes(src, offset, length);
            handOff(false, length);
        }
    }

    @Override
    public void writeClientAsync(final ByteBuffer src)
    {
        final int length = src.remaining();
        if (admitAsync(length))
        {
            body(length).writeBytes(src);
            handOff(false, length);
        }
        src.position(src.limit());
    }

    @Override
    public int readClient(final byte[] dst, final int offset, final int length) throws IOException
    {
        Objects.checkFromIndexSize(offset, length, dst.length);
        if (length == 0 || bodyComplete)
        {
            return 0;
        }
        if (inline)
        {
            throw new IllegalStateException("a @NonBlocking extension runs on an I/O thread and cannot wait for body bytes with readClient");
        }
        if (connectionLost)
        {
            throw new IOException("the client connection is closed");
        }
        postRead(dst, offset, length, false);
        int result;
        while ((result = readResult) == NO_READ)
        {
            LockSupport.park(this);
        }
        readResult = NO_READ;
        if (readError != IoErrors.NONE)
        {
            throw new IOException(readError == IoErrors.CLIENT_DISCONNECTED ? "the client went away before the request body ended" : "the request body is malformed");
        }
        return result;
    }

    @Override
    public void readClientAsync(final byte[] dst, final int offset, final int length)
    {
        Objects.checkFromIndexSize(offset, length, dst.length);
        if (length == 0 || bodyComplete)
        {
            session.completeAsync(session.currentGeneration(), 0, IoErrors.NONE);
        }
        else if (connectionLost)
        {
            session.completeAsync(session.currentGeneration(), 0, IoErrors.CLIENT_DISCONNECTED);
        }
        else
        {
            postRead(dst, offset, length, true);
        }
    }

    private void postRead(final byte[] dst, final int offset, final int length, final boolean async)
    {
        readTarget = dst;
        readOffset = offset;
        readLength = length;
        readAsync = async;
        readGeneration = session.currentGeneration();
        readPosted = true;
        connection.lane().post(this);
    }

    @Override
    public void transmitFile(final FileTransmission transmission)
    {
        final FileChannel file = open(transmission);
        final long offset = transmission.offset();
        final long length;
        try
        {
            final long size = file.size();
            length = transmission.length() < 0 ? size - offset : transmission.length();
            if (offset > size || length < 0 || offset + length > size)
            {
                throw new IllegalArgumentException("file region " + offset + "+" + length + " lies outside " + transmission.file() + " (" + size + " bytes)");
            }
        }
        catch (final IOException ex)
        {
            closeQuietly(file);
            throw new UncheckedIOException("cannot read the size of " + transmission.file(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(file);
            throw ex;
        }
        final long total = transmission.headLength() + length + transmission.tailLength();
        extensionAskedClose |= transmission.closeAfterSend();
        if (!admitAsync(total))
        {
            closeQuietly(file);
            return;
        }
        if (length == 0)
        {
            closeQuietly(file);
        }
        handOffTransmission(transmission, length == 0 ? null : new DefaultFileRegion(file, offset, length), total);
    }

    private static FileChannel open(final FileTransmission transmission)
    {
        try
        {
            return FileChannel.open(transmission.file(), StandardOpenOption.READ);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + transmission.file() + " for transmit-file", ex);
        }
    }

    private static void closeQuietly(final FileChannel file)
    {
        try
        {
            file.close();
        }
        catch (final IOException ignored)
        {
            // NOTE: a read-only channel that fails to close has nothing to lose.
        }
    }

    /**
     * Admits an asynchronous operation of {@code length} body bytes.
     *
     * @return whether it goes on the wire; when it does not (HEAD, a status without a body, or a
     *         lost connection) its completion is reported at once.
     */
    private boolean admitAsync(final long length)
    {
        final String refused = startBody(length);
        if (refused != null)
        {
            throw new IllegalStateException(refused);
        }
        if (connectionLost)
        {
            session.completeAsync(session.currentGeneration(), 0, IoErrors.CLIENT_DISCONNECTED);
            return false;
        }
        written += length;
        if (!bodyOnWire())
        {
            session.completeAsync(session.currentGeneration(), length, IoErrors.NONE);
            return false;
        }
        return true;
    }

    /**
     * Sends the default head if the extension sent none, and checks {@code length} more body bytes
     * against a declared {@code Content-Length}.
     *
     * @return null when they fit, else why not.
     */
    private String startBody(final long length)
    {
        if (status == 0)
        {
            sendResponseHeader(200, "");
        }
        return declaredLength >= 0 && written + length > declaredLength
            ? "the response body would exceed its declared Content-Length of " + declaredLength : null;
    }

    /** @return whether body bytes go on the wire: not for HEAD, nor for a status without a body. */
    private boolean bodyOnWire()
    {
        return !head.headMethod && !ResponseHeads.forbidsBody(status);
    }

    /** @return whether the bytes go on the wire (false for HEAD and for statuses without a body). */
    private boolean admitWrite(final int length) throws IOException
    {
        final String refused = startBody(length);
        if (connectionLost)
        {
            throw new IOException("the client connection is closed");
        }
        if (refused != null)
        {
            throw new IOException(refused);
        }
        written += length;
        return length > 0 && bodyOnWire();
    }

    private ByteBuf body(final int length)
    {
        if (body == null)
        {
            final int room = CHUNK_PREFIX_ROOM + (headSent ? 0 : HEAD_ROOM_FIXED + headerLinesBytes.length);
            body = alloc.directBuffer(Math.max(256, room + Math.min(flushThreshold, length) + 16));
            body.setIndex(room, room);
        }
        return body;
    }

    private void flushIfFull()
    {
        if (body.readableBytes() >= flushThreshold)
        {
            handOff(false, -1);
        }
    }

    @Override
    public void finish(final SessionEnd end)
    {
        switch (end)
        {
            case SUCCESS, SUCCESS_AND_CLOSE ->
            {
                if (status == 0)
                {
                    LOG.log(System.Logger.Level.WARNING, "extension for {0} ended without sending a response; answering 500", path());
                    failResponse(500, "the extension sent no response");
                    return;
                }
                if (declaredLength >= 0 && written != declaredLength && bodyOnWire())
                {
                    LOG.log(System.Logger.Level.WARNING, "extension for {0} declared Content-Length {1} but wrote {2} bytes; closing the connection",
                        path(), declaredLength, written);
                    closeAfter = true;
                }
                closeAfter |= end == SessionEnd.SUCCESS_AND_CLOSE || extensionAskedClose || !head.keepAlive() || connection.draining() || !bodyComplete;
                handOff(true, -1);
            }
            case ERROR -> failResponse(500, "the extension failed");
            case TIMED_OUT -> failResponse(504, "the extension did not end the request in time");
            case SHUT_DOWN -> failResponse(503, "the server is shutting down");
        }
    }

    private void failResponse(final int errorStatus, final String message)
    {
        release(body);
        body = null;
        awaitHandoffIdle();
        final ByteBuf response = headSent ? null : ResponseHeads.plainResponse(alloc, errorStatus, message, true, "", head.headMethod);
        post(response, null, null, true, true, -1);
    }

    /**
     * Hands what is buffered to the connection: the head if not yet sent, then the body. Worker.
     *
     * @param asyncBytes the byte count an asynchronous write reports on completion, or -1.
     */
    private void handOff(final boolean last, final long asyncBytes)
    {
        awaitHandoffIdle();
        ByteBuf out = body;
        body = null;
        if (!headSent)
        {
            decideFraming(last);
        }
        if (chunked)
        {
            out = frameChunk(out, last);
        }
        ByteBuf head = null;
        if (!headSent)
        {
            head = composeHead(last, out);
            if (head == out)
            {
                head = null;
            }
        }
        if (out != null && !out.isReadable())
        {
            out.release();
            out = null;
        }
        post(head, out, null, last, last && closeAfter, asyncBytes);
    }

    /**
     * Hands a file transmission to the connection: head and buffered body, the transmission's
     * head bytes, the file region, its tail bytes; one chunk when the response is chunked. Worker.
     */
    private void handOffTransmission(final FileTransmission transmission, final DefaultFileRegion region, final long total)
    {
        awaitHandoffIdle();
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
        before.writeBytes(transmission.head());
        ByteBuf after = null;
        if (transmission.tailLength() > 0 || (chunked && total > 0))
        {
            after = alloc.directBuffer(transmission.tailLength() + 2);
            after.writeBytes(transmission.tail());
            if (chunked && total > 0)
            {
                after.writeBytes(ResponseHeads.CRLF);
            }
        }
        post(before, region, after, false, false, total);
    }

    /**
     * Decides how the body is delimited, once the first batch leaves: by {@code Content-Length}
     * when it is the last batch or the extension declared one, else chunked (HTTP/1.1) or by
     * closing the connection (HTTP/1.0). Idempotent. Worker.
     */
    private void decideFraming(final boolean last)
    {
        if (!ResponseHeads.forbidsBody(status) && declaredLength < 0 && !last)
        {
            if (head.version == RequestHead.HTTP_1_1)
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
     * Writes the head, framing decided: backwards into the room in front of {@code into}'s bytes
     * when it fits (and then returns {@code into}), else into a new buffer. Worker.
     */
    private ByteBuf composeHead(final boolean last, final ByteBuf into)
    {
        decideFraming(last);
        final byte[] framing = chunked ? ResponseHeads.CHUNKED : null;
        final long contentLength = !ResponseHeads.forbidsBody(status) && declaredLength < 0 && last && !chunked ? written : -1;
        final byte[] connectionLine = closeAfter ? ResponseHeads.CONNECTION_CLOSE
            : head.version == RequestHead.HTTP_1_0 ? ResponseHeads.CONNECTION_KEEP_ALIVE : null;
        final byte[] statusLine = ResponseHeads.statusLine(status);
        final byte[] date = HttpDate.headerLine();
        final int length = statusLine.length + ResponseHeads.SERVER.length + date.length + headerLinesBytes.length
            + (framing == null ? 0 : framing.length) + (contentLength < 0 ? 0 : ResponseHeads.contentLengthLineLength(contentLength))
            + (connectionLine == null ? 0 : connectionLine.length) + ResponseHeads.CRLF.length;
        final ByteBuf out;
        final int end;
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
            out = alloc.directBuffer(length);
            end = -1;
        }
        out.writeBytes(statusLine).writeBytes(ResponseHeads.SERVER).writeBytes(date).writeBytes(headerLinesBytes);
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
        headSent = true;
        session.slot().firstByteNs(System.nanoTime());
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

    private void post(final ByteBuf first, final Object second, final ByteBuf third, final boolean last, final boolean close, final long asyncBytes)
    {
        handoffFirst = first;
        handoffSecond = second;
        handoffThird = third;
        handoffFinal = last;
        handoffClose = close;
        handoffAsyncBytes = asyncBytes;
        handoffGeneration = session.currentGeneration();
        handoffState = IN_FLIGHT;
        outputPosted = true;
        if (connection.inEventLoop())
        {
            // NOTE: an inline extension runs on the connection's I/O thread: no hand-off needed.
            connection.onLane(this);
        }
        else
        {
            connection.lane().post(this);
        }
    }

    /** Waits until the I/O thread has taken the previous batch. Worker. */
    private void awaitHandoffIdle()
    {
        while (handoffState != IDLE)
        {
            LockSupport.park(this);
        }
    }

    // ---------------------------------------------------------------- I/O thread: response out

    /**
     * Takes the posted batch: its messages, in order, into {@code out} (nulls for absent ones).
     * I/O thread.
     */
    void takeBatch(final Object[] out)
    {
        out[0] = handoffFirst;
        out[1] = handoffSecond;
        out[2] = handoffThird;
        handoffFirst = null;
        handoffSecond = null;
        handoffThird = null;
        asyncBytes = handoffAsyncBytes;
        asyncGeneration = handoffGeneration;
    }

    boolean handoffFinal()
    {
        return handoffFinal;
    }

    boolean handoffClose()
    {
        return handoffClose;
    }

    /** @return whether the batch just taken is an asynchronous operation awaiting its completion. */
    boolean takenBatchIsAsync()
    {
        return asyncBytes >= 0;
    }

    /**
     * Writes the marker that completes the asynchronous operation once everything written before
     * it has reached the socket. I/O thread.
     */
    void writeCompletion(final ChannelHandlerContext ctx)
    {
        final ChannelPromise promise = ctx.newPromise();
        promise.addListener(asyncWritten);
        ctx.write(Unpooled.EMPTY_BUFFER, promise);
    }

    /** Reports the taken asynchronous operation as failed: the client is gone. I/O thread. */
    void failAsync()
    {
        session.completeAsync(asyncGeneration, 0, IoErrors.CLIENT_DISCONNECTED);
    }

    private void asyncWritten(final io.netty.channel.ChannelFuture future)
    {
        session.completeAsync(asyncGeneration, future.isSuccess() ? asyncBytes : 0, future.isSuccess() ? IoErrors.NONE : IoErrors.CLIENT_DISCONNECTED);
    }

    /** @return the marker a held asynchronous batch leaves in the held queue. */
    Object asyncMarker()
    {
        return asyncMarker;
    }

    /** Marks the request as running inline on the I/O thread, or no longer. I/O thread. */
    void inline(final boolean inline)
    {
        this.inline = inline;
    }

    /** @return whether the request runs inline, so its batches must never wait for the socket. */
    boolean inline()
    {
        return inline;
    }

    /** @return whether an output batch was posted and not yet taken; clears the flag. I/O thread. */
    boolean takeOutputPosted()
    {
        final boolean posted = outputPosted;
        outputPosted = false;
        return posted;
    }

    /** @return whether a read was posted and not yet taken; clears the flag. I/O thread. */
    boolean takeReadPosted()
    {
        final boolean posted = readPosted;
        readPosted = false;
        return posted;
    }

    byte[] readTarget()
    {
        return readTarget;
    }

    int readOffset()
    {
        return readOffset;
    }

    int readLength()
    {
        return readLength;
    }

    /** Marks the request body as read to its end, before the read that ended it is reported. I/O thread. */
    void bodyComplete()
    {
        bodyComplete = true;
    }

    /** Reports the posted read: {@code bytes} copied into the reader's array, or an error. I/O thread. */
    void completeRead(final int bytes, final int errorCode)
    {
        readTarget = null;
        if (readAsync)
        {
            session.completeAsync(readGeneration, bytes, errorCode);
        }
        else
        {
            readError = errorCode;
            readResult = bytes;
            LockSupport.unpark(session.worker().thread());
        }
    }

    /** Lets the worker hand off its next batch. I/O thread. */
    void ackHandoff()
    {
        handoffState = IDLE;
        LockSupport.unpark(session.worker().thread());
    }

    /** Tells the worker its writes can no longer reach the client. I/O thread. */
    void connectionLost()
    {
        connectionLost = true;
    }

    /** Keeps a message of a response that waits behind earlier pipelined responses. I/O thread. */
    void hold(final Object message)
    {
        if (message != null)
        {
            held.addLast(message);
            heldBytes += message instanceof ByteBuf buffer ? buffer.readableBytes() : 0;
        }
    }

    void holdFinal(final boolean close)
    {
        heldFinal = true;
        heldClose = close;
    }

    int heldBytes()
    {
        return heldBytes;
    }

    boolean heldFinal()
    {
        return heldFinal;
    }

    boolean heldClose()
    {
        return heldClose;
    }

    /** @return the next held message or async marker, or null. I/O thread. */
    Object pollHeld()
    {
        final Object message = held.pollFirst();
        if (message instanceof ByteBuf buffer)
        {
            heldBytes -= buffer.readableBytes();
        }
        return message;
    }

    /**
     * Releases every held message.
     *
     * @param failAsync whether a held asynchronous operation is reported as failed (the
     *        connection is gone); false when the request has ended anyway.
     */
    void releaseHeld(final boolean failAsync)
    {
        Object message;
        while ((message = held.pollFirst()) != null)
        {
            if (message == asyncMarker)
            {
                if (failAsync)
                {
                    failAsync();
                }
            }
            else
            {
                ReferenceCountUtil.release(message);
            }
        }
        heldBytes = 0;
    }

    private static void release(final ByteBuf buffer)
    {
        if (buffer != null)
        {
            buffer.release();
        }
    }
}
