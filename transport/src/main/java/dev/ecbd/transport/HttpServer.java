package dev.ecbd.transport;

import dev.ecbd.dispatcher.Dispatcher;
import dev.ecbd.dispatcher.StageLatencies;
import dev.ecbd.dispatcher.Exchange;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * ecbd's HTTP/1.1 transport: the Netty event loops, the connections they serve, and one
 * {@link Exchange} per ECB slot. Created with {@link #create}, given the {@link Dispatcher} that
 * admits its requests with {@link #start}; stopped in steps, {@link #drain}, {@link #stopAdmitting} and
 * {@link #close}, between which the owner lets the requests in flight finish.
 *
 * <p>{@link #create}, {@link #start}, {@link #drain}, {@link #stopAdmitting} and {@link #close} are for the thread
 * that owns the server; the accessors may be called from any thread.
 */
public final class HttpServer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());

    private final HttpServerConfig config;
    private final AccessLogRing accessLog;
    private final SelectedTransport transport;
    private final NettyExchange[] exchanges;
    private final EventLoopGroup ioGroup;
    private final Map<EventExecutor, IoLane> lanes = new IdentityHashMap<>();
    private final ChannelGroup connections = new DefaultChannelGroup("ecbd-connections", GlobalEventExecutor.INSTANCE);
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final LongAdder outputPauses = new LongAdder();
    private final LongAdder[] clientFaults = new LongAdder[ClientFault.values().length];
    private Dispatcher dispatcher;
    private Channel serverChannel;

    private HttpServer(final HttpServerConfig config, final int slots, final AccessLogRing accessLog)
    {
        this.config = config;
        this.accessLog = accessLog;
        this.transport = SelectedTransport.select(config.transport());
        final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        Arrays.setAll(clientFaults, i -> new LongAdder());
        this.exchanges = new NettyExchange[slots];
        for (int i = 0; i < exchanges.length; i++)
        {
            exchanges[i] = new NettyExchange(alloc, config.maxHeaders(), config.flushThreshold(), accessLog, transport);
        }
        this.ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), new IoThreadFactory(config.batchScheduledIo()), transport.ioHandlerFactory());
        for (final EventExecutor executor : ioGroup)
        {
            lanes.put(executor, new IoLane(executor, 2 * slots));
        }
    }

    /**
     * Selects the transport, starts the I/O threads and makes one exchange per ECB slot; binds no
     * port yet.
     *
     * @param slots how many ECB slots the dispatcher will have.
     * @throws IllegalStateException when the transport asked for cannot run here.
     */
    public static HttpServer create(final HttpServerConfig config, final int slots)
    {
        return new HttpServer(config, slots, null);
    }

    /**
     * As {@link #create(HttpServerConfig, int)}, recording every response in {@code accessLog}.
     *
     * @param accessLog where each response leaves its record; null for no access log.
     */
    public static HttpServer create(final HttpServerConfig config, final int slots, final AccessLogRing accessLog)
    {
        return new HttpServer(config, slots, accessLog);
    }

    /** @return where responses leave their access-log records, or null. */
    AccessLogRing accessLog()
    {
        return accessLog;
    }

    /** @return the exchange of ECB slot {@code slot}, for the dispatcher's sessions. */
    public Exchange exchangeOf(final int slot)
    {
        return exchanges[slot];
    }

    /**
     * Binds the port and takes connections, whose requests {@code dispatcher} admits. When the
     * address cannot be bound, Netty throws its {@code IOException} undeclared.
     */
    public void start(final Dispatcher dispatcher) throws InterruptedException
    {
        this.dispatcher = dispatcher;
        if (config.latencyHistograms())
        {
            lanes.values().forEach(lane -> lane.latencies(new StageLatencies(dispatcher.workers().size())));
        }
        LOG.log(System.Logger.Level.INFO, transport.describe());
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(ioGroup)
            .channel(transport.serverChannelClass())
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, OutboundWriter.SIZE_ESTIMATOR)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(config.flushThreshold(), 4 * config.flushThreshold()))
            .childHandler(new ChannelInitializer<>()
            {
                @Override
                protected void initChannel(final Channel channel)
                {
                    final long id = accepted.getAndIncrement();
                    open.incrementAndGet();
                    connections.add(channel);
                    channel.pipeline().addLast(new HttpConnection(HttpServer.this, id, (int)(id % dispatcher.workers().size())));
                }
            });
        serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        LOG.log(System.Logger.Level.INFO, "ecbd listening on http://{0}:{1,number,#} with {2} I/O thread(s), {3} worker(s), {4} ECB slots",
            config.host(), port(), config.ioThreads(), dispatcher.workers().size(), exchanges.length);
    }

    HttpServerConfig config()
    {
        return config;
    }

    Dispatcher dispatcher()
    {
        return dispatcher;
    }

    /** @return each I/O thread's record of request latencies; empty when they record none. */
    public List<StageLatencies> stageLatencies()
    {
        return lanes.values().stream().map(IoLane::latencies).filter(java.util.Objects::nonNull).toList();
    }

    IoLane laneFor(final EventExecutor executor)
    {
        return lanes.get(executor);
    }

    NettyExchange exchange(final int slot)
    {
        return exchanges[slot];
    }

    void countShed()
    {
        shed.incrementAndGet();
    }

    /** Counts a client's fault and logs it in one line, at debug level: the client's doing, not the server's. */
    void clientFault(final ClientFault fault, final InetSocketAddress client, final String reason)
    {
        clientFaults[fault.ordinal()].increment();
        LOG.log(System.Logger.Level.DEBUG, "client {0}: {1} ({2})", client, reason, fault.label());
    }

    void countOutputPause()
    {
        outputPauses.increment();
    }

    /**
     * @return how often a connection stopped reading requests because its client left more than
     *         the write buffer's high-water mark of responses unread.
     */
    public long outputPauses()
    {
        return outputPauses.sum();
    }

    /** @return how often clients were refused, or their connections closed, for {@code fault}. */
    public long clientFaults(final ClientFault fault)
    {
        return clientFaults[fault.ordinal()].sum();
    }

    void connectionClosed()
    {
        open.decrementAndGet();
    }

    /** @return the port the server listens on. */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /** @return the transport in use and why any preferred one was passed over. */
    public SelectedTransport transport()
    {
        return transport;
    }

    /** @return how many requests were answered 503 because no ECB or queue room was free. */
    public long shedCount()
    {
        return shed.get();
    }

    /** @return how many connections are open now. */
    public long openConnections()
    {
        return open.get();
    }

    /**
     * Begins a drain: stops accepting, and makes every connection's next response its last (the
     * responses in flight, or the next request's, say {@code Connection: close}).
     */
    public void drain()
    {
        stopAccepting();
        onEveryConnection(HttpConnection::drain);
    }

    /**
     * Stops every connection from taking requests: each closes once the ones in flight are
     * answered, an idle one at once. Returns once every connection has taken that in, so that
     * nothing is admitted after it.
     */
    public void stopAdmitting()
    {
        stopAccepting();
        onEveryConnection(HttpConnection::stopAdmitting);
    }

    private void stopAccepting()
    {
        if (serverChannel != null)
        {
            serverChannel.close().syncUninterruptibly();
        }
    }

    private void onEveryConnection(final Consumer<HttpConnection> action)
    {
        final List<Future<?>> done = new ArrayList<>();
        for (final Channel channel : connections)
        {
            final HttpConnection connection = channel.pipeline().get(HttpConnection.class);
            if (connection != null)
            {
                done.add(channel.eventLoop().submit(() -> action.accept(connection)));
            }
        }
        done.forEach(Future::awaitUninterruptibly);
    }

    /** Closes every connection left and stops the I/O threads. */
    @Override
    public void close()
    {
        stopAdmitting();
        connections.close().awaitUninterruptibly();
        ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
