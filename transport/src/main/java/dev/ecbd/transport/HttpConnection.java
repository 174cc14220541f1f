package dev.ecbd.transport;

import dev.ecbd.api.Extension;
import dev.ecbd.api.IoErrors;
import dev.ecbd.api.NonBlocking;
import dev.ecbd.dispatcher.EcbSession;
import dev.ecbd.pool.EcbPool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static dev.ecbd.transport.Ascii.CR;
import static dev.ecbd.transport.Ascii.LF;

/**
 * One client connection, on its I/O thread: accumulates bytes, parses request heads, dispatches
 * each complete request in its own ECB, and writes responses strictly in request order.
 *
 * <h2>Order</h2>
 * Requests in flight sit in a ring in arrival order, each an exchange or a response of the
 * server's own (shed load, a bad request). Only the oldest writes to the socket; a later one that
 * finishes first keeps its output ({@link NettyExchange#hold}) until every earlier one is done.
 *
 * <h2>Reading</h2>
 * Auto-read is off: the connection asks for bytes only while fewer than {@code maxPipelined}
 * requests are in flight, so a client cannot make the server buffer requests without bound.
 *
 * <h2>Request bodies</h2>
 * A request is dispatched with its head and up to {@link #READ_AHEAD} body bytes (the whole body
 * when it is that small; nothing extra when the client expects {@code 100-continue}). The rest
 * stays in the connection's buffer and belongs to that request, its <em>body owner</em>: it is
 * handed out only as the extension reads, and the socket is read only while a read waits for
 * bytes, so a slow reader pushes back on the client through TCP instead of filling memory. No
 * further request is parsed until the body has been read to its end; a request that ends without
 * reading its body closes the connection.
 *
 * <h2>Timers</h2>
 * One timer per connection, re-armed by itself: a partial head older than {@code headTimeout}
 * gets 408 and a close; a connection idle (nothing in flight) for {@code idleTimeout} is closed; a
 * client that leaves a response unread for {@code idleTimeout} is disconnected.
 *
 * <h2>Files</h2>
 * A small file region (up to {@link #CORK_LIMIT} bytes) goes out corked ({@code TCP_CORK}, where
 * the transport has it): the response head written before it and the file's bytes share segments
 * instead of the head leaving alone, and the socket is uncorked once every region written corked
 * has gone (nginx's {@code tcp_nopush}). A larger region is sent uncorked: its head's own segment
 * is noise beside it, and a cork held across the many writes of a large file delays its partial
 * segments (measured: p99 of 1 MiB files rose from 35-48 ms to 100-117 ms).
 *
 * <h2>Inline extensions</h2>
 * The connection resolves each request's extension itself; a {@link NonBlocking} one runs right
 * here, on the I/O thread, and its output comes back through {@link #onLane} without a thread hop.
 *
 * <p>Every method runs on the connection's I/O thread.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter
{
    /** A response of the server's own, waiting its turn in the ring. */
    private record OwnResponse(ByteBuf bytes, boolean close)
    {
    }

    private final HttpServer server;
    private final HttpServerConfig config;
    private final RequestHeadParser parser;
    private final int preferredWorker;
    private final long id;
    private final Object[] ring;
    /** Whether an extension class declared {@link NonBlocking}, read once per class. */
    private static final ClassValue<Boolean> INLINE = new ClassValue<>()
    {
        @Override
        protected Boolean computeValue(final Class<?> type)
        {
            return type.isAnnotationPresent(NonBlocking.class);
        }
    };

    /** Body bytes dispatched with a request head, at most (ISAPI's read-ahead). */
    static final int READ_AHEAD = 48 * 1024;

    /** The largest file region sent corked behind its head. */
    static final long CORK_LIMIT = 64 * 1024;

    private final Runnable timerTask = this::onTimer;
    private final ChunkedBodyDecoder chunkedBody;
    private final Object[] batch = new Object[3];
    private final ChannelOption<Boolean> cork;
    private final ChannelFutureListener regionSent = this::regionSent;
    private int corkedRegions;

    private ChannelHandlerContext ctx;
    private IoLane lane;
    private RequestHead scratch;
    private ByteBuf cumulation;
    private int ringHead;
    private int ringCount;
    private long sequence;
    private int pendingHeadLength;
    private boolean continueSent;
    private boolean closing;
    private boolean closed;
    private boolean flushPending;
    private volatile boolean draining;
    private long headStartNs = -1;
    /** When bytes last arrived; requests parsed from them count as received then. */
    private long lastReadNs;
    private long lastActivityNs;
    /** Whether {@link #processInput} is running, so a request it ran inline does not re-enter it. */
    private boolean processing;
    private NettyExchange awaitingWritability;
    private NettyExchange bodyOwner;
    private long bodyRemaining;
    private boolean bodyExpectsContinue;
    private NettyExchange pendingRead;
    private long stalledSinceNs;
    private ScheduledFuture<?> timer;

    HttpConnection(final HttpServer server, final long id, final int preferredWorker)
    {
        this.server = server;
        this.config = server.config();
        this.id = id;
        this.preferredWorker = preferredWorker;
        this.parser = new RequestHeadParser(config.maxHeadSize(), config.maxUriLength());
        this.scratch = new RequestHead(config.maxHeaders());
        this.ring = new Object[config.maxPipelined()];
        this.chunkedBody = new ChunkedBodyDecoder(config.maxBodySize());
        this.cork = server.transport().corkOption();
    }

    IoLane lane()
    {
        return lane;
    }

    boolean draining()
    {
        return draining;
    }

    /** @return whether the caller is this connection's I/O thread. */
    boolean inEventLoop()
    {
        return ctx.executor().inEventLoop();
    }

    InetSocketAddress remoteAddress()
    {
        return (InetSocketAddress)ctx.channel().remoteAddress();
    }

    // ---------------------------------------------------------------- life cycle

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
        this.lane = server.laneFor(ctx.executor());
        this.lastActivityNs = System.nanoTime();
        armTimer(Math.min(config.headTimeout().toNanos(), config.idleTimeout().toNanos()));
        ctx.read();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        closed = true;
        if (timer != null)
        {
            timer.cancel(false);
        }
        releaseCumulation();
        if (pendingRead != null)
        {
            pendingRead.completeRead(0, IoErrors.CLIENT_DISCONNECTED);
            pendingRead = null;
        }
        bodyOwner = null;
        while (ringCount > 0)
        {
            final Object entry = ringPoll();
            if (entry instanceof OwnResponse own)
            {
                own.bytes().release();
            }
            else
            {
                final NettyExchange exchange = (NettyExchange)entry;
                exchange.connectionLost();
                exchange.releaseHeld(true);
                if (exchange.heldFinal())
                {
                    recycle(exchange);
                }
            }
        }
        if (awaitingWritability != null)
        {
            awaitingWritability.ackHandoff();
            awaitingWritability = null;
        }
        server.connectionClosed();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    /** Stops taking requests; closes once the ones in flight are answered. Posted by the server. */
    void drain()
    {
        draining = true;
        closing = true;
        if (!closed && ringCount == 0)
        {
            ctx.close();
        }
    }

    // ---------------------------------------------------------------- requests in

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final ByteBuf in = (ByteBuf)msg;
        if (closing || closed)
        {
            in.release();
            return;
        }
        lastReadNs = System.nanoTime();
        lastActivityNs = lastReadNs;
        append(in);
        processInput();
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        flushNow();
        requestInputIfRoom();
    }

    private void requestInputIfRoom()
    {
        if (closing || closed)
        {
            return;
        }
        if (bodyOwner != null ? pendingRead != null : ringCount < ring.length)
        {
            ctx.read();
        }
    }

    private void append(final ByteBuf in)
    {
        if (cumulation == null)
        {
            cumulation = in;
        }
        else if (cumulation.refCnt() == 1 && cumulation.maxWritableBytes() >= in.readableBytes())
        {
            // NOTE: grows in place, doubling, so a body arriving in many reads is copied O(n) times.
            cumulation.writeBytes(in);
            in.release();
        }
        else
        {
            // NOTE: never write into a cumulation that slices of dispatched requests still share;
            // only its unread tail moves.
            final ByteBuf merged = ctx.alloc().directBuffer(cumulation.readableBytes() + in.readableBytes() + 1024);
            merged.writeBytes(cumulation).writeBytes(in);
            cumulation.release();
            in.release();
            cumulation = merged;
        }
    }

    /**
     * Parses and dispatches what has arrived, as far as the ring and a request body allow. Not
     * re-entrant: a request run inline that completes at once lets the ones behind it out through
     * {@link #completeOldest}, and this loop, already running, goes on to the next.
     */
    private void processInput()
    {
        if (processing)
        {
            return;
        }
        processing = true;
        try
        {
            parseAndDispatch();
        }
        finally
        {
            processing = false;
        }
    }

    private void parseAndDispatch()
    {
        while (!closing && !closed)
        {
            if (bodyOwner != null)
            {
                serviceRead();
                if (bodyOwner != null)
                {
                    return;
                }
                continue;
            }
            if (cumulation == null || ringCount >= ring.length)
            {
                return;
            }
            int start = cumulation.readerIndex();
            final int end = cumulation.writerIndex();
            if (pendingHeadLength == 0)
            {
                while (end - start >= 2 && cumulation.getByte(start) == CR && cumulation.getByte(start + 1) == LF)
                {
                    start += 2;
                }
                cumulation.readerIndex(start);
                if (start == end)
                {
                    releaseCumulation();
                    return;
                }
                if (headStartNs < 0)
                {
                    headStartNs = lastReadNs;
                }
                final int headLength = parser.findHeadEnd(cumulation, start, end);
                if (headLength == RequestHeadParser.NEED_MORE)
                {
                    return;
                }
                if (headLength == RequestHeadParser.INVALID || parser.parse(cumulation, start, headLength, scratch) != 0)
                {
                    reject(parser.errorStatus(), parser.errorReason());
                    return;
                }
                if (scratch.contentLength > config.maxBodySize())
                {
                    reject(413, "request body larger than " + config.maxBodySize() + " bytes");
                    return;
                }
                pendingHeadLength = headLength;
                headStartNs = -1;
            }
            final long declared = Math.max(0, scratch.contentLength);
            int readAhead = scratch.chunked ? 0 : (int)Math.min(declared, READ_AHEAD);
            if (scratch.expectContinue)
            {
                readAhead = Math.min(readAhead, end - start - pendingHeadLength);
            }
            final int total = pendingHeadLength + readAhead;
            if (end - start < total)
            {
                return;
            }
            pendingHeadLength = 0;
            final ByteBuf request = cumulation.retainedSlice(start, total);
            cumulation.readerIndex(start + total);
            if (!cumulation.isReadable())
            {
                releaseCumulation();
            }
            accept(request, scratch.chunked ? -1 : declared - readAhead);
        }
    }

    /**
     * Hands body bytes to the read waiting for them, if any: as many as have arrived, up to what it
     * asked for. Ends the body, and this connection's wait for it, at its last byte.
     */
    private void serviceRead()
    {
        final NettyExchange reader = pendingRead;
        if (reader == null)
        {
            return;
        }
        int produced;
        boolean ended;
        if (bodyRemaining >= 0)
        {
            produced = (int)Math.min(Math.min(reader.readLength(), bodyRemaining), cumulation == null ? 0 : cumulation.readableBytes());
            if (produced > 0)
            {
                cumulation.readBytes(reader.readTarget(), reader.readOffset(), produced);
                bodyRemaining -= produced;
            }
            ended = bodyRemaining == 0;
        }
        else
        {
            try
            {
                produced = Math.max(0, chunkedBody.read(cumulation, reader.readTarget(), reader.readOffset(), reader.readLength()));
            }
            catch (final ChunkedBodyDecoder.MalformedBodyException ex)
            {
                pendingRead = null;
                bodyOwner = null;
                closing = true;
                releaseCumulation();
                reader.completeRead(0, IoErrors.IO_FAILED);
                return;
            }
            ended = chunkedBody.ended();
        }
        if (cumulation != null && !cumulation.isReadable())
        {
            releaseCumulation();
        }
        if (produced > 0 || ended)
        {
            pendingRead = null;
            if (ended)
            {
                bodyOwner.bodyComplete();
                bodyOwner = null;
            }
            reader.completeRead(produced, IoErrors.NONE);
        }
        else if (bodyExpectsContinue && !continueSent)
        {
            continueSent = true;
            write(Unpooled.wrappedBuffer(ResponseHeads.CONTINUE));
        }
    }

    /** Takes what a worker posted on the lane for {@code exchange}: an output batch, a read, or both. */
    void onLane(final NettyExchange exchange)
    {
        if (exchange.takeOutputPosted())
        {
            onHandoff(exchange);
        }
        if (exchange.takeReadPosted())
        {
            onReadRequest(exchange);
        }
    }

    private void onReadRequest(final NettyExchange exchange)
    {
        if (closed)
        {
            exchange.completeRead(0, IoErrors.CLIENT_DISCONNECTED);
            return;
        }
        if (exchange != bodyOwner)
        {
            exchange.completeRead(0, IoErrors.NONE);
            return;
        }
        pendingRead = exchange;
        processInput();
        requestInputIfRoom();
    }

    private void accept(final ByteBuf request, final long bodyLeft)
    {
        final boolean keepAlive = scratch.keepAlive() && !draining;
        final boolean expectsContinue = scratch.expectContinue;
        closing = !keepAlive;
        final int slot = server.dispatcher().acquire(preferredWorker);
        if (slot == EcbPool.NO_SLOT)
        {
            shed(request, "no free ECB", !keepAlive || bodyLeft != 0);
            return;
        }
        final NettyExchange exchange = server.exchange(slot);
        final boolean headMethod = scratch.headMethod;
        final boolean chunked = scratch.chunked;
        scratch = exchange.fill(this, scratch, request, bodyLeft == 0);
        final EcbSession session = exchange.session();
        session.slot().connectionId(id).requestSequence(sequence++).acceptedNs(lastReadNs).workerId(session.worker().id());
        ringAdd(exchange);
        final Extension extension = server.resolver().resolve(exchange.pathView());
        if (INLINE.get(extension.getClass()))
        {
            exchange.inline(true);
            try
            {
                session.invokeInline(extension);
            }
            finally
            {
                exchange.inline(false);
            }
        }
        else if (!session.dispatch(extension))
        {
            ringRemoveNewest();
            exchange.cancelDispatch();
            shedOwn(headMethod, "worker queue full", !keepAlive || bodyLeft != 0);
            return;
        }
        if (bodyLeft != 0)
        {
            bodyOwner = exchange;
            bodyRemaining = bodyLeft;
            bodyExpectsContinue = expectsContinue;
            continueSent = false;
            if (chunked)
            {
                chunkedBody.reset();
            }
        }
    }

    private void shed(final ByteBuf request, final String why, final boolean close)
    {
        final boolean headMethod = scratch.headMethod;
        request.release();
        shedOwn(headMethod, why, close);
    }

    private void shedOwn(final boolean headMethod, final String why, final boolean close)
    {
        server.countShed();
        closing |= close;
        respondOwn(ResponseHeads.plainResponse(ctx.alloc(), 503, "overloaded (" + why + "); retry shortly", close, "Retry-After: 1\r\n", headMethod), close);
    }

    /** Answers a request the server refuses before dispatch, and closes after it. */
    private void reject(final int status, final String reason)
    {
        closing = true;
        releaseCumulation();
        respondOwn(ResponseHeads.plainResponse(ctx.alloc(), status, reason, true, "", false), true);
    }

    private void respondOwn(final ByteBuf response, final boolean close)
    {
        if (ringCount == 0)
        {
            write(response);
            if (close)
            {
                closeAfterFlush();
            }
        }
        else
        {
            ringAdd(new OwnResponse(response, close));
        }
    }

    // ---------------------------------------------------------------- responses out

    /** Takes a batch a worker handed off through the lane. */
    void onHandoff(final NettyExchange exchange)
    {
        exchange.takeBatch(batch);
        final boolean last = exchange.handoffFinal();
        final boolean close = exchange.handoffClose();
        final boolean async = exchange.takenBatchIsAsync();
        if (closed)
        {
            for (int i = 0; i < batch.length; i++)
            {
                ReferenceCountUtil.release(batch[i]);
                batch[i] = null;
            }
            if (async)
            {
                exchange.failAsync();
            }
            if (last)
            {
                recycle(exchange);
            }
            else
            {
                exchange.ackHandoff();
            }
            return;
        }
        if (ringCount > 0 && ringPeek() == exchange)
        {
            for (int i = 0; i < batch.length; i++)
            {
                write(batch[i]);
                batch[i] = null;
            }
            if (async)
            {
                exchange.writeCompletion(ctx);
            }
            if (last)
            {
                completeOldest(close);
            }
            else if (async || exchange.inline() || ctx.channel().isWritable())
            {
                // NOTE: an inline batch never waits: only this thread could drain the socket.
                exchange.ackHandoff();
            }
            else
            {
                awaitingWritability = exchange;
                stalledSinceNs = System.nanoTime();
            }
        }
        else
        {
            for (int i = 0; i < batch.length; i++)
            {
                exchange.hold(batch[i]);
                batch[i] = null;
            }
            if (async)
            {
                exchange.hold(exchange.asyncMarker());
            }
            if (last)
            {
                exchange.holdFinal(close);
            }
            else
            {
                exchange.ackHandoff();
            }
            if (exchange.heldBytes() > config.flushThreshold() * 16)
            {
                // NOTE: a pipelined response this far ahead of its turn means a stuck earlier one.
                ctx.close();
            }
        }
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().isWritable() && awaitingWritability != null)
        {
            awaitingWritability.ackHandoff();
            awaitingWritability = null;
        }
    }

    /** The oldest request's response is complete: recycle it and let the ones behind it out. */
    private void completeOldest(final boolean close)
    {
        recycle((NettyExchange)ringPoll());
        if (close)
        {
            closeAfterFlush();
            return;
        }
        while (ringCount > 0)
        {
            final Object next = ringPeek();
            if (next instanceof OwnResponse own)
            {
                ringPoll();
                write(own.bytes());
                if (own.close())
                {
                    closeAfterFlush();
                    return;
                }
                continue;
            }
            final NettyExchange exchange = (NettyExchange)next;
            Object message;
            while ((message = exchange.pollHeld()) != null)
            {
                if (message == exchange.asyncMarker())
                {
                    exchange.writeCompletion(ctx);
                }
                else
                {
                    write(message);
                }
            }
            if (!exchange.heldFinal())
            {
                break;
            }
            ringPoll();
            final boolean closeAfterIt = exchange.heldClose();
            recycle(exchange);
            if (closeAfterIt)
            {
                closeAfterFlush();
                return;
            }
        }
        if (ringCount == 0)
        {
            // NOTE: the idle timeout runs from here; nothing in flight is not idle.
            lastActivityNs = System.nanoTime();
            if (closing)
            {
                closeAfterFlush();
                return;
            }
        }
        processInput();
        requestInputIfRoom();
    }

    /** Recycles a finished exchange; one that ends with its body unread leaves the connection closing. */
    private void recycle(final NettyExchange exchange)
    {
        if (exchange == bodyOwner)
        {
            bodyOwner = null;
            closing = true;
        }
        if (exchange == pendingRead)
        {
            pendingRead = null;
        }
        exchange.recycle();
    }

    private void write(final Object message)
    {
        if (message != null)
        {
            if (cork != null && message instanceof FileRegion region && region.count() <= CORK_LIMIT)
            {
                writeCorked(message);
            }
            else
            {
                ctx.write(message, ctx.voidPromise());
            }
            if (!flushPending)
            {
                flushPending = true;
                lane.flushLater(this);
            }
            // NOTE: outside a lane drain, channelReadComplete or the timer flushes.
        }
    }

    /**
     * Writes a file region with the socket corked; nothing written before it has been flushed yet,
     * so the head in front of it waits for the file's bytes.
     */
    private void writeCorked(final Object region)
    {
        if (corkedRegions++ == 0)
        {
            setCork(true);
        }
        ctx.write(region, ctx.newPromise().addListener(regionSent));
    }

    /** Uncorks once the last corked region has gone; a failed one means the socket is closing anyway. */
    private void regionSent(final ChannelFuture future)
    {
        if (--corkedRegions == 0 && future.isSuccess())
        {
            setCork(false);
        }
    }

    /**
     * Corks or uncorks the socket. Skipped once the socket is closed: a connection being torn down
     * still delivers the responses queued for it, and the kernel refuses options on a closed one.
     */
    private void setCork(final boolean on)
    {
        if (ctx.channel().isOpen())
        {
            try
            {
                ctx.channel().config().setOption(cork, on);
            }
            catch (final ChannelException ignored)
            {
                // NOTE: the cork only shapes segments; a socket that refuses it must not fail a response.
            }
        }
    }

    void flushNow()
    {
        if (flushPending && !closed)
        {
            flushPending = false;
            ctx.flush();
        }
    }

    private void closeAfterFlush()
    {
        closing = true;
        flushPending = false;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    // ---------------------------------------------------------------- timer

    private void armTimer(final long delayNs)
    {
        timer = ctx.executor().schedule(timerTask, Math.max(delayNs, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
    }

    private void onTimer()
    {
        if (closed)
        {
            return;
        }
        final long now = System.nanoTime();
        final long idleNs = config.idleTimeout().toNanos();
        if (awaitingWritability != null)
        {
            if (now - stalledSinceNs >= idleNs)
            {
                ctx.close();
                return;
            }
            armTimer(stalledSinceNs + idleNs - now);
        }
        else if (ringCount > 0)
        {
            armTimer(idleNs);
        }
        else if (headStartNs >= 0)
        {
            final long headNs = config.headTimeout().toNanos();
            if (now - headStartNs >= headNs)
            {
                reject(408, "request head not received within " + config.headTimeout().toSeconds() + " s");
                flushNow();
                return;
            }
            armTimer(headStartNs + headNs - now);
        }
        else
        {
            if (now - lastActivityNs >= idleNs)
            {
                ctx.close();
                return;
            }
            armTimer(lastActivityNs + idleNs - now);
        }
    }

    // ---------------------------------------------------------------- ring of requests in flight

    private void ringAdd(final Object entry)
    {
        ring[(ringHead + ringCount) % ring.length] = entry;
        ringCount++;
    }

    private Object ringPeek()
    {
        return ring[ringHead];
    }

    private Object ringPoll()
    {
        final Object entry = ring[ringHead];
        ring[ringHead] = null;
        ringHead = (ringHead + 1) % ring.length;
        ringCount--;
        return entry;
    }

    private void ringRemoveNewest()
    {
        ringCount--;
        ring[(ringHead + ringCount) % ring.length] = null;
    }

    private void releaseCumulation()
    {
        if (cumulation != null)
        {
            cumulation.release();
            cumulation = null;
        }
        pendingHeadLength = 0;
        headStartNs = -1;
    }
}
