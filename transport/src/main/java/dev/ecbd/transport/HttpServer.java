package dev.ecbd.transport;

import dev.ecbd.dispatcher.Dispatcher;
import dev.ecbd.dispatcher.DispatcherConfig;
import dev.ecbd.dispatcher.ExtensionResolver;
import dev.ecbd.pool.EcbPool;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A running ecbd HTTP/1.1 server: the Netty transport, the ECB pool, the dispatcher and its
 * workers, wired together. Start with {@link #start}; {@link #close()} shuts down gracefully.
 *
 * <h2>Shutdown</h2>
 * <ol>
 * <li>Stop accepting; every connection stops taking requests and closes once the ones in flight
 * are answered.</li>
 * <li>Wait up to {@code shutdownGrace} for every ECB to return to the pool.</li>
 * <li>Stop the workers: each reclaims the sessions its extensions still hold pending (503 or a
 * close), and their slots come back through the I/O threads.</li>
 * <li>Close what is left and stop the I/O threads.</li>
 * </ol>
 */
public final class HttpServer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());

    private final HttpServerConfig config;
    private final SelectedTransport transport;
    private final EcbPool pool;
    private final NettyExchange[] exchanges;
    private final Dispatcher dispatcher;
    private final ExtensionResolver resolver;
    private final EventLoopGroup ioGroup;
    private final Map<EventExecutor, IoLane> lanes = new IdentityHashMap<>();
    private final ChannelGroup connections = new DefaultChannelGroup("ecbd-connections", GlobalEventExecutor.INSTANCE);
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private Channel serverChannel;

    private HttpServer(final HttpServerConfig config, final ExtensionResolver resolver)
    {
        this.config = config;
        this.transport = SelectedTransport.select(config.transport());
        this.pool = new EcbPool(config.poolSize(), config.workers());
        final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        this.exchanges = new NettyExchange[config.poolSize()];
        for (int i = 0; i < exchanges.length; i++)
        {
            exchanges[i] = new NettyExchange(alloc, config.maxHeaders(), config.flushThreshold());
        }
        this.resolver = resolver;
        this.dispatcher = new Dispatcher(pool, slot -> exchanges[slot],
            new DispatcherConfig(config.workers(), config.workerCpus(), config.queueCapacity(), config.sessionTimeout()));
        for (int i = 0; i < exchanges.length; i++)
        {
            exchanges[i].bind(dispatcher.session(i));
        }
        this.ioGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), new IoThreadFactory(config.batchScheduledIo()), transport.ioHandlerFactory());
        for (final EventExecutor executor : ioGroup)
        {
            lanes.put(executor, new IoLane(executor, 2 * config.poolSize()));
        }
    }

    /**
     * Starts a server and binds its port.
     *
     * @throws IllegalStateException when the transport asked for cannot run here.
     * @throws java.io.IOException (undeclared, from Netty) when the address cannot be bound.
     */
    public static HttpServer start(final HttpServerConfig config, final ExtensionResolver resolver) throws InterruptedException
    {
        final HttpServer server = new HttpServer(config, resolver);
        try
        {
            server.bind();
        }
        catch (final Exception ex)
        {
            // NOTE: Netty throws a failed bind's IOException without declaring it; rethrown as is.
            server.close();
            throw ex;
        }
        return server;
    }

    private void bind() throws InterruptedException
    {
        LOG.log(System.Logger.Level.INFO, transport.describe());
        dispatcher.start();
        final ServerBootstrap bootstrap = new ServerBootstrap()
            .group(ioGroup)
            .channel(transport.serverChannelClass())
            .option(ChannelOption.SO_BACKLOG, 4096)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(config.flushThreshold(), 4 * config.flushThreshold()))
            .childHandler(new ChannelInitializer<>()
            {
                @Override
                protected void initChannel(final Channel channel)
                {
                    final long id = accepted.getAndIncrement();
                    open.incrementAndGet();
                    connections.add(channel);
                    channel.pipeline().addLast(new HttpConnection(HttpServer.this, id, (int)(id % config.workers())));
                }
            });
        serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
        LOG.log(System.Logger.Level.INFO, "ecbd listening on http://{0}:{1,number,#} with {2} I/O thread(s), {3} worker(s), {4} ECB slots",
            config.host(), port(), config.ioThreads(), config.workers(), config.poolSize());
    }

    HttpServerConfig config()
    {
        return config;
    }

    ExtensionResolver resolver()
    {
        return resolver;
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

    /** @return the dispatcher: workers, their queues and pinning. */
    public Dispatcher dispatcher()
    {
        return dispatcher;
    }

    /** @return the ECB pool. */
    public EcbPool pool()
    {
        return pool;
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

    /** @return whether the server is accepting connections. */
    public boolean isAccepting()
    {
        return serverChannel != null && serverChannel.isActive();
    }

    @Override
    public void close()
    {
        if (serverChannel != null)
        {
            serverChannel.close().syncUninterruptibly();
        }
        final List<Future<?>> drained = new ArrayList<>();
        for (final Channel channel : connections)
        {
            final HttpConnection connection = channel.pipeline().get(HttpConnection.class);
            if (connection != null)
            {
                drained.add(channel.eventLoop().submit(connection::drain));
            }
        }
        // NOTE: once every drain has run, no connection dispatches again, so stopping the workers
        // next cannot strand a request in a queue nobody serves.
        drained.forEach(Future::awaitUninterruptibly);
        awaitPoolIdle(config.shutdownGrace().toNanos());
        dispatcher.close();
        awaitPoolIdle(config.shutdownGrace().toNanos());
        connections.close().awaitUninterruptibly();
        ioGroup.shutdownGracefully(0, config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
        if (pool.inUse() != 0)
        {
            LOG.log(System.Logger.Level.WARNING, "{0} ECB(s) did not return to the pool by shutdown; an extension is stuck inside a call", pool.inUse());
        }
    }

    private void awaitPoolIdle(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (pool.inUse() > 0 && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
