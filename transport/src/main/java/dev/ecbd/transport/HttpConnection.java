package dev.ecbd.transport;

import dev.ecbd.api.IoErrors;
import dev.ecbd.dispatcher.Admission;
import dev.ecbd.dispatcher.RequestIntake;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.net.InetSocketAddress;


/**
 * One client connection, as Netty's events reach it: it accumulates bytes, parses request heads,
 * has each request admitted into its own ECB, and runs the connection's lifecycle. Owned
 * by the connection's I/O thread; every method runs there. The rooms it delegates to:
 * {@link InboundBytes} (bytes received, heads parsed), {@link ResponseOrder} (pipelining),
 * {@link BodyReader} (request bodies), {@link OutboundWriter} (the socket's write side),
 * {@link ConnectionTimer} (deadlines and data rates).
 *
 * <h2>Lifecycle</h2>
 * {@link State#OPEN} takes requests; {@link State#CLOSING} takes no more (though it still reads
 * the body of a request in flight, or drops the rest of one) and closes once the responses in
 * flight are out (a request that ends the connection, a refused request, a client's fault). A
 * drain leaves the connection open but makes the next request its last: each response in flight,
 * and the first request that arrives, answers with {@code Connection: close}.
 * {@link State#LINGERING} has sent its last response and shut its output down: it reads and drops
 * what the client still sends until the client closes, for {@link ConnectionTimer#LINGER_NS} and
 * {@code maxUnreadBody} bytes at most, then closes (RFC 9112 §9.6: closing with unread input
 * would reset the connection and could destroy the response before the client reads it).
 * {@link State#CLOSED} is past {@code channelInactive}: late output is released and its ECBs
 * recycled.
 *
 * <h2>Reading</h2>
 * Auto-read is off: the connection asks for bytes only while the ring of requests in flight has
 * room and the socket takes its output (Netty's write-buffer high-water mark), or, while a
 * request's body is being read, only while a read waits. So a client that pipelines without
 * reading its responses holds at most the ring's requests and one high-water mark of output. A
 * request is admitted with its head and some body bytes ({@link InboundBytes}); no further request
 * is parsed until its body has been read to its end.
 *
 * <h2>Timer</h2>
 * {@link ConnectionTimer} watches the head timeout, the idle timeout, the minimum data rates and
 * the linger deadline, and calls back here to act on them.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter implements RequestIntake
{
    enum State
    {
        OPEN,
        CLOSING,
        LINGERING,
        CLOSED
    }

    private final HttpServer server;
    private final HttpServerConfig config;
    private final InboundBytes inbound;
    private final long id;
    private final int preferredWorker;
    private final OutboundWriter writer;
    private final ResponseOrder order;
    private final BodyReader body;
    private final ConnectionTimer timer;
    private final Runnable linger = this::linger;

    private ChannelHandlerContext ctx;
    private IoLane lane;
    private Peer peer;
    private State state = State.OPEN;
    private long sequence;
    /** Whether {@link #processInput} is running, so that a request completed inside it does not re-enter it. */
    private boolean processing;
    /** When bytes last arrived; requests parsed from them count as received then. */
    private long lastReadNs;
    /** Whether reading stopped because the client leaves its responses unread (counted once per pause). */
    private boolean pausedForOutput;
    /** Set by a drain: the next request is the connection's last. */
    private boolean draining;
    private long lingerBytes;

    // The request being admitted, for fill: set just before admission, cleared by it.
    private ByteBuf admitting;
    private long admittingBodyLeft;

    HttpConnection(final HttpServer server, final long id, final int preferredWorker)
    {
        this.server = server;
        this.config = server.config();
        this.id = id;
        this.preferredWorker = preferredWorker;
        this.inbound = new InboundBytes(config);
        this.writer = new OutboundWriter(server.transport(), config.minResponseRate(), config.dataRateGrace().toNanos());
        this.order = new ResponseOrder(this, writer, config.maxPipelined(), config.flushThreshold() * 16);
        this.body = new BodyReader(config, writer);
        this.timer = new ConnectionTimer(this, config, inbound, order, body, writer);
    }

    State state()
    {
        return state;
    }

    /** @return the lane of the connection's I/O thread. */
    IoLane lane()
    {
        return lane;
    }

    /** @return both ends of the connection, taken when it opened. */
    Peer peer()
    {
        return peer;
    }

    // ---------------------------------------------------------------- Netty events

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
        this.lane = server.laneFor(ctx.executor());
        this.peer = Peer.of((InetSocketAddress)ctx.channel().remoteAddress(), (InetSocketAddress)ctx.channel().localAddress());
        writer.attach(ctx, lane);
        timer.start(ctx.executor());
        ctx.read();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        state = State.CLOSED;
        timer.cancel();
        inbound.release();
        body.clientGone();
        order.connectionLost();
        writer.releaseStalled();
        server.connectionClosed();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final ByteBuf in = (ByteBuf)msg;
        if (state == State.LINGERING)
        {
            lingerBytes += in.readableBytes();
            in.release();
            if (lingerBytes > config.maxUnreadBody())
            {
                ctx.close();
            }
            return;
        }
        if (state == State.CLOSED || (state == State.CLOSING && !body.active()))
        {
            in.release();
            return;
        }
        lastReadNs = System.nanoTime();
        lane.nowNs(lastReadNs);
        timer.activity(lastReadNs);
        inbound.append(in, ctx.alloc());
        processInput();
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        writer.flushNow();
        requestInputIfRoom();
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().isWritable())
        {
            writer.releaseStalled();
            pausedForOutput = false;
            processInput();
            requestInputIfRoom();
        }
        else
        {
            timer.watchOutput(System.nanoTime());
        }
    }

    /**
     * Makes the next request the connection's last: the responses in flight, or else the next
     * request's, close it. Posted by the server when it begins to drain.
     */
    void drain()
    {
        draining = true;
        order.requestClose();
    }

    /** Stops taking requests; closes once the ones in flight are answered, or now if none is. Posted by the server. */
    void stopAdmitting()
    {
        if (state == State.OPEN)
        {
            state = State.CLOSING;
            order.requestClose();
            if (order.isEmpty() && !body.active())
            {
                ctx.close();
            }
        }
    }

    // ---------------------------------------------------------------- what the rooms report

    /** @return the order of this connection's responses, which takes the output workers post. */
    ResponseOrder order()
    {
        return order;
    }

    /** Takes a read a worker posted for {@code exchange}. */
    void onReadRequest(final ExchangeInFlight exchange)
    {
        if (state == State.CLOSED)
        {
            exchange.completeRead(0, IoErrors.CLIENT_DISCONNECTED);
        }
        else if (body.request(exchange))
        {
            processInput();
            requestInputIfRoom();
        }
    }

    /** Recycles a finished exchange; one that ends with its body unread leaves the connection closing (once the rest is dropped). */
    void recycle(final ExchangeInFlight exchange)
    {
        if (body.forget(exchange) && state == State.OPEN)
        {
            state = State.CLOSING;
        }
        exchange.recycle();
    }

    /** Every response that could go out has: go on reading, or close if that is what is left. */
    void afterResponses()
    {
        if (order.isEmpty())
        {
            // NOTE: the idle timeout runs from here; nothing in flight is not idle.
            timer.activity(System.nanoTime());
            if (state == State.CLOSING && !body.discarding())
            {
                closeAfterFlush();
                return;
            }
        }
        processInput();
        requestInputIfRoom();
    }

    /** Ends the connection once everything written is out: shuts the output down, then lingers. */
    void closeAfterFlush()
    {
        if (state == State.OPEN)
        {
            state = State.CLOSING;
        }
        if (state == State.CLOSING)
        {
            writer.shutdownOutputAfterFlush(linger);
        }
    }

    /** The output is shut down after the last response: drop what the client still sends until it closes. */
    private void linger()
    {
        if (state != State.CLOSING)
        {
            return;
        }
        state = State.LINGERING;
        inbound.release();
        body.clientGone();
        timer.linger();
        ctx.read();
    }

    /** Closes at once: the connection is stuck. */
    void abort()
    {
        ctx.close();
    }

    // ---------------------------------------------------------------- requests in

    private void requestInputIfRoom()
    {
        if (state == State.LINGERING
            || (body.active() ? state != State.CLOSED && body.wantsInput() : state == State.OPEN && order.hasRoom() && writer.writable()))
        {
            ctx.read();
        }
    }

    /** Parses and admits what has arrived, as far as the ring and a request body allow. Not re-entrant. */
    private void processInput()
    {
        if (processing)
        {
            return;
        }
        processing = true;
        try
        {
            while (state != State.CLOSED && (body.active() ? serviceBody() : state == State.OPEN && parseNext()))
            {
                // NOTE: each pass takes one request in or hands one read its bytes.
            }
        }
        finally
        {
            processing = false;
        }
    }

    /** @return whether the body reader finished the body, so that parsing may go on. */
    private boolean serviceBody()
    {
        final BodyReader.Progress progress = body.service(inbound.bytes());
        inbound.releaseIfEmpty();
        switch (progress)
        {
            case MALFORMED -> bodyFailed();
            case TOO_LONG_TO_DISCARD -> stopAfterResponses();
            case ANSWERED ->
            {
                if (!body.active() && state == State.CLOSING && order.isEmpty())
                {
                    closeAfterFlush();
                }
            }
            case WAITING ->
            {
                // NOTE: more bytes, or a read, must come first.
            }
        }
        return progress == BodyReader.Progress.ANSWERED && !body.active();
    }

    /** The request body was refused (malformed, too large, too slow): count it, read no more, close after the responses. */
    void bodyFailed()
    {
        final BodyFault fault = body.fault();
        server.clientFault(fault.kind(), peer.remote(), fault.getMessage());
        stopAfterResponses();
    }

    /** Reads nothing more; closes once the responses in flight are out. */
    private void stopAfterResponses()
    {
        state = State.CLOSING;
        inbound.release();
        if (order.isEmpty())
        {
            closeAfterFlush();
        }
    }

    /** @return whether a request was taken in, so that the next may follow. */
    private boolean parseNext()
    {
        if (!order.hasRoom())
        {
            return false;
        }
        if (!writer.writable())
        {
            if (!pausedForOutput)
            {
                pausedForOutput = true;
                server.countOutputPause();
            }
            return false;
        }
        return switch (inbound.next(lastReadNs))
        {
            case NEED_MORE -> false;
            case INVALID ->
            {
                reject(inbound.errorStatus(), inbound.errorReason());
                yield false;
            }
            case REQUEST ->
            {
                admit(inbound.takeRequest(), inbound.bodyLeft());
                yield true;
            }
        };
    }

    private void admit(final ByteBuf request, final long bodyLeft)
    {
        final boolean keepAlive = inbound.head().keepAlive() && !draining;
        final boolean headMethod = inbound.head().headMethod;
        if (!keepAlive)
        {
            state = State.CLOSING;
        }
        admitting = request;
        admittingBodyLeft = bodyLeft;
        final Admission admission = server.dispatcher().admit(preferredWorker, this, id, sequence++, lastReadNs);
        if (admission != Admission.ADMITTED)
        {
            shed(admission, !keepAlive || bodyLeft != 0, headMethod);
        }
    }

    /** Answers a request admission refused with 503; closes after it when its body cannot be skipped. */
    private void shed(final Admission refusal, final boolean close, final boolean headMethod)
    {
        if (admitting != null)
        {
            logOwnResponse(503);
            admitting.release();
            admitting = null;
        }
        server.countShed();
        if (close)
        {
            state = State.CLOSING;
        }
        final String why = refusal == Admission.NO_SLOT ? "no free ECB" : "worker queue full";
        order.respondOwn(new InFlight.OwnResponse(ResponseHeads.plainResponse(ctx.alloc(), 503, "overloaded (" + why + "); retry shortly", close,
            "Retry-After: 1\r\n", headMethod), close));
    }

    /** Leaves the access-log record of a response the server gives the request being admitted. */
    private void logOwnResponse(final int status)
    {
        final AccessLogRing accessLog = server.accessLog();
        if (accessLog != null)
        {
            final RequestHead head = inbound.head();
            head.bytes(admitting);
            accessLog.request(head, peer, status, 0, -1, lastReadNs);
            head.bytes(null);
        }
    }

    /** Takes the request being admitted into {@code slot}'s exchange, in request order. */
    @Override
    public void fill(final int slot)
    {
        final ExchangeInFlight exchange = server.exchange(slot).inFlight();
        final boolean expectsContinue = inbound.head().expectContinue;
        inbound.swapHead(exchange.open(this, lane, inbound.head(), admitting, admittingBodyLeft == 0, lastReadNs));
        admitting = null;
        order.add(exchange);
        if (draining)
        {
            exchange.handoff().svCloseRequested();
        }
        if (admittingBodyLeft != 0)
        {
            body.start(exchange, admittingBodyLeft, expectsContinue);
        }
    }

    /** Takes back a request whose dispatch was refused after {@link #fill}. */
    @Override
    public void unfill(final int slot)
    {
        final ExchangeInFlight exchange = server.exchange(slot).inFlight();
        order.removeNewest();
        body.forget(exchange);
        exchange.cancel();
    }

    /** Answers a request the server refuses before admission, and closes after it. */
    private void reject(final int status, final String reason)
    {
        if (server.accessLog() != null)
        {
            server.accessLog().refused(peer, status, lastReadNs);
        }
        server.clientFault(ClientFault.ofHeadStatus(status), peer.remote(), reason);
        state = State.CLOSING;
        inbound.release();
        order.respondOwn(new InFlight.OwnResponse(ResponseHeads.plainResponse(ctx.alloc(), status, reason, true, "", false), true));
    }

    // ---------------------------------------------------------------- what the timer reports

    /** The request head did not arrive within the head timeout: 408, and close. */
    void headTimedOut()
    {
        reject(408, "request head not received within " + config.headTimeout().toSeconds() + " s");
        writer.flushNow();
    }

    /** The client takes its output slower than the minimum response rate: count it and close. */
    void readerTooSlow()
    {
        server.clientFault(ClientFault.SLOW_RESPONSE_READER, peer.remote(), "took its responses slower than the minimum rate");
        ctx.close();
    }
}
