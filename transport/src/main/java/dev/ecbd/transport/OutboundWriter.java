package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.FileRegion;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.Future;

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
 * A small file region (up to {@link #CORK_LIMIT} bytes) goes out corked ({@code TCP_CORK}, where
 * the transport has it): the head written before it and the file's bytes share segments instead
 * of the head leaving alone, and the socket is uncorked once every region written corked has gone
 * (nginx's {@code tcp_nopush}). A larger region goes uncorked: a cork held across the many writes
 * of a large file delays its partial segments (measured: p99 of 1 MiB files rose from 35-48 ms to
 * 100-117 ms).
 *
 * <h2>Writability</h2>
 * A worker's batch that leaves the channel unwritable is not acknowledged until it is writable
 * again, so the worker waits and at most about two batches of a response are in memory.
 *
 * <h2>What the client takes</h2>
 * {@link #unsent} estimates the bytes written and not yet on the socket: Netty's pending bytes
 * (whole buffers, and a small overhead per message), less the part of the oldest message already
 * written, plus the file regions not yet sent (Netty counts none of a region). {@link #takeMoved}
 * turns two estimates and the bytes written between them into the bytes the client took, for the
 * minimum response rate.
 */
final class OutboundWriter
{
    /** The largest file region sent corked behind its head. */
    static final long CORK_LIMIT = 64 * 1024;

    private final ChannelOption<Boolean> cork;
    private ChannelHandlerContext ctx;
    private long regionBytesInFlight;
    private long writtenSinceSample;
    private long unsentAtSample;
    private IoLane lane;
    private int corkedRegions;
    private boolean flushPending;
    private ExchangeInFlight stalled;
    private long stalledSinceNs;

    /** @param cork the transport's {@code TCP_CORK} option, or null when it has none. */
    OutboundWriter(final ChannelOption<Boolean> cork)
    {
        this.cork = cork;
    }

    void attach(final ChannelHandlerContext ctx, final IoLane lane)
    {
        this.ctx = ctx;
        this.lane = lane;
    }

    /** Writes a message (a buffer or a file region); null is ignored. */
    void write(final Object message)
    {
        if (message == null)
        {
            return;
        }
        if (message instanceof FileRegion region)
        {
            writeRegion(region);
        }
        else
        {
            writtenSinceSample += ((ByteBuf)message).readableBytes();
            ctx.write(message, ctx.voidPromise());
        }
        if (!flushPending)
        {
            flushPending = true;
            lane.flushLater(this);
        }
    }

    private void writeRegion(final FileRegion region)
    {
        final long count = region.count();
        final boolean corked = cork != null && count <= CORK_LIMIT;
        if (corked && corkedRegions++ == 0)
        {
            setCork(true);
        }
        writtenSinceSample += count;
        regionBytesInFlight += count;
        // NOTE: nothing written before the region has been flushed, so its head waits for its bytes.
        ctx.write(region, ctx.newPromise().addListener(future -> regionSent(future, count, corked)));
    }

    /** @return an estimate of the bytes written to the channel that have not reached the socket yet. */
    long unsent()
    {
        final ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : Math.max(0, buffer.totalPendingWriteBytes() - buffer.currentProgress() + regionBytesInFlight);
    }

    /** @return the bytes the client took since the last call, by the estimate of {@link #unsent}; starts the next count. */
    long takeMoved()
    {
        final long unsent = unsent();
        final long moved = Math.max(0, writtenSinceSample + unsentAtSample - unsent);
        writtenSinceSample = 0;
        unsentAtSample = unsent;
        return moved;
    }

    /** Writes an empty buffer whose promise tells {@code listener} when all before it is on the socket. */
    void writeMarker(final ChannelFutureListener listener)
    {
        ctx.write(Unpooled.EMPTY_BUFFER, ctx.newPromise().addListener(listener));
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

    /** Counts a region as sent; uncorks once the last corked one has gone (a failed one means the socket is closing anyway). */
    private void regionSent(final Future<?> future, final long count, final boolean corked)
    {
        regionBytesInFlight -= count;
        if (corked && --corkedRegions == 0 && future.isSuccess())
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
