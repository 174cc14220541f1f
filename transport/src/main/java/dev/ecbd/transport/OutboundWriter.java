package dev.ecbd.transport;

import dev.ecbd.os.SocketSends;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Everything one connection writes to its socket: writes, flushes, the cork around small files,
 * and the wait of a worker whose batches outrun the client. Owned by the connection's I/O thread.
 *
 * <h2>Flushing</h2>
 * A write during a lane drain asks the lane to flush this connection once at the drain's end, so a
 * burst of responses costs one flush; outside a drain the caller's own event (read complete, the
 * timer) flushes.
 *
 * <h2>Files</h2>
 * A file region goes out corked ({@code TCP_CORK}, where the transport has it): the head written
 * before it and the file's bytes share full segments instead of the head leaving alone, and the
 * socket is uncorked once every region written corked has gone (nginx's {@code tcp_nopush}).
 * Large files too: uncorked, {@code sendfile} of 1 MiB under {@code TCP_NODELAY} left in
 * segments that cost the receiving side twice the CPU, and halved the requests/s a loopback
 * client could take (measured against nginx with and without {@code tcp_nopush}, BENCHMARKS.md).
 *
 * <h2>Direct file sends</h2>
 * A {@link DirectFileSend} that finds the socket with nothing queued for it (nothing unflushed,
 * nothing in the channel's outbound buffer, so no write of the transport's in flight either) is
 * sent by this thread with its own system calls, in order by construction; whatever the socket
 * does not take at once is written through the channel like any output, behind which all later
 * output queues. Otherwise it is written through the channel whole.
 *
 * <h2>Writability</h2>
 * A worker's batch that leaves the channel unwritable is not acknowledged until it is writable
 * again, so the worker waits and at most about two batches of a response are in memory.
 *
 * <h2>What the client takes</h2>
 * The channel counts a file region's bytes as pending output ({@link #SIZE_ESTIMATOR}; Netty's
 * default counts none), so a large file makes the channel unwritable like a large buffer does, and
 * the bytes not yet on the socket are Netty's pending bytes less the part of the oldest message
 * already written. {@link #clientTooSlow} turns two such samples and the bytes written between
 * them into the bytes the client took, and holds them to the minimum response rate.
 */
final class OutboundWriter
{
    /** Sizes output as the bytes it puts on the wire: buffers, and file regions too. */
    static final MessageSizeEstimator SIZE_ESTIMATOR = () -> message -> switch (message)
    {
        case ByteBuf buffer -> buffer.readableBytes();
        case FileRegion region -> (int)Math.min(region.count(), Integer.MAX_VALUE);
        default -> 0;
    };

    /** Each I/O thread's direct sends, with the native word they use. */
    private static final FastThreadLocal<SocketSends> SENDS = new FastThreadLocal<>()
    {
        @Override
        protected SocketSends initialValue()
        {
            return new SocketSends();
        }
    };

    private final ChannelOption<Boolean> cork;
    private final DataRateMeter responseRate;
    private final ChannelFutureListener corkedRegionSent = this::corkedRegionSent;
    private ChannelHandlerContext ctx;
    private long writtenSinceSample;
    private long unsentAtSample;
    private IoLane lane;
    private int corkedRegions;
    private boolean flushPending;
    private ExchangeInFlight stalled;
    private long stalledSinceNs;
    /** The socket's descriptor and file status flags, read at its first direct send; -1 before. */
    private int socket = -1;
    private int socketFlags = -1;

    /**
     * @param transport the server's transport: its {@code TCP_CORK} option, if any.
     * @param minResponseRate bytes per second the client must take while output waits for it; 0 for no limit.
     * @param rateWindowNs the window the rate is measured over.
     */
    OutboundWriter(final SelectedTransport transport, final long minResponseRate, final long rateWindowNs)
    {
        this.cork = transport.corkOption();
        this.responseRate = new DataRateMeter(minResponseRate, rateWindowNs);
    }

    void attach(final ChannelHandlerContext ctx, final IoLane lane)
    {
        this.ctx = ctx;
        this.lane = lane;
    }

    /** Writes a message (a buffer, a file region or a {@link DirectFileSend}); null is ignored. */
    void write(final Object message)
    {
        if (message == null)
        {
            return;
        }
        if (message instanceof DirectFileSend send)
        {
            writeDirect(send);
            return;
        }
        if (cork != null && message instanceof FileRegion region)
        {
            writtenSinceSample += region.count();
            if (corkedRegions++ == 0)
            {
                setCork(true);
            }
            // NOTE: nothing written before the region has been flushed, so its head waits for its bytes.
            ctx.write(message, ctx.newPromise().addListener(corkedRegionSent));
        }
        else
        {
            writtenSinceSample += message instanceof FileRegion region ? region.count() : ((ByteBuf)message).readableBytes();
            ctx.write(message, ctx.voidPromise());
        }
        flushLater();
    }

    /** Sends what the socket takes of {@code send} now if nothing waits for it; the rest goes through the channel. */
    private void writeDirect(final DirectFileSend send)
    {
        if (!flushPending && nothingQueued())
        {
            final SocketSends sends = SENDS.get();
            if (socket < 0)
            {
                socket = ((UnixChannel)ctx.channel()).fd().intValue();
                socketFlags = sends.statusFlags(socket);
            }
            if (socketFlags >= 0)
            {
                writtenSinceSample += send.sendNow(sends, socket, socketFlags);
            }
        }
        write(send.takeHead());
        write(send.takeRest());
        send.release();
    }

    /** @return whether the channel is open with no output queued or being written, unflushed or flushed. */
    private boolean nothingQueued()
    {
        final ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer != null && buffer.isEmpty() && buffer.totalPendingWriteBytes() == 0 && ctx.channel().isActive();
    }

    /** Asks the lane to flush this connection at the end of its drain, once. */
    private void flushLater()
    {
        if (!flushPending)
        {
            flushPending = true;
            lane.flushLater(this);
        }
    }

    /**
     * Samples what the client took since the last call; once a second while requests are in flight.
     *
     * @return whether it takes the output waiting for it slower than the minimum response rate.
     */
    boolean clientTooSlow(final long nowNs)
    {
        final ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        final long unsent = buffer == null ? 0 : Math.max(0, buffer.totalPendingWriteBytes() - buffer.currentProgress());
        responseRate.add(Math.max(0, writtenSinceSample + unsentAtSample - unsent));
        writtenSinceSample = 0;
        unsentAtSample = unsent;
        if (unsent > 0)
        {
            responseRate.startWaiting(nowNs);
            return responseRate.tooSlow(nowNs);
        }
        responseRate.stopWaiting(nowNs);
        return false;
    }

    /** @return whether output waits for the client, so that the connection's timer should sample it. */
    boolean rateWatched()
    {
        return responseRate.waiting();
    }

    /**
     * Writes an empty buffer whose promise tells {@code listener} when all before it is on the
     * socket, and has it flushed (what came before may all have gone directly).
     */
    void writeMarker(final ChannelFutureListener listener)
    {
        ctx.write(Unpooled.EMPTY_BUFFER, ctx.newPromise().addListener(listener));
        flushLater();
    }

    /** Flushes what was written since the last flush, unless the channel has closed. */
    void flushNow()
    {
        if (flushPending && ctx.channel().isActive())
        {
            flushPending = false;
            ctx.flush();
        }
    }

    /**
     * Flushes everything, then shuts the socket's output down (the client reads the response to
     * its end, then sees the end of the stream) and tells {@code afterShutdown}; where the channel
     * cannot half-close, or the flush failed, closes it instead.
     */
    void shutdownOutputAfterFlush(final Runnable afterShutdown)
    {
        flushPending = false;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed ->
        {
            if (flushed.isSuccess() && ctx.channel() instanceof DuplexChannel duplex && !duplex.isOutputShutdown())
            {
                duplex.shutdownOutput().addListener(shut ->
                {
                    if (shut.isSuccess())
                    {
                        afterShutdown.run();
                    }
                    else
                    {
                        ctx.close();
                    }
                });
            }
            else if (!(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isOutputShutdown())
            {
                ctx.close();
            }
        });
    }

    /** @return whether the channel takes more without passing its high-water mark. */
    boolean writable()
    {
        return ctx.channel().isWritable();
    }

    /** Holds back {@code exchange}'s acknowledgement until the channel is writable again. */
    void stall(final ExchangeInFlight exchange)
    {
        stalled = exchange;
        stalledSinceNs = System.nanoTime();
    }

    /** @return when the worker's wait for writability began, or -1 when none waits. */
    long stalledSinceNs()
    {
        return stalled == null ? -1 : stalledSinceNs;
    }

    /** Lets a waiting worker go on: the channel is writable again, or closed. */
    void releaseStalled()
    {
        if (stalled != null)
        {
            stalled.handoff().ackOutput();
            stalled = null;
        }
    }

    /** Uncorks once the last corked region has gone; a failed one means the socket is closing anyway. */
    private void corkedRegionSent(final ChannelFuture future)
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
}
