package dev.ecbd.jmh;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The baseline ecbd is measured against: a plain Netty HTTP/1.1 server, {@code HttpServerCodec}
 * and one handler, answering {@code /plaintext} with {@code Hello, World!} on the I/O thread, with
 * the same headers as ecbd (Server, Date, Content-Type, Content-Length). Responses are flushed once
 * per read batch, as well-tuned Netty servers do.
 *
 * <p>Usage: {@code java -cp jmh/target/benchmarks.jar dev.ecbd.jmh.RawNettyServer PORT [io_uring|epoll|nio] [IO_THREADS]};
 * {@link RequestPathBenchmark} starts one in-process with {@link #start}.
 */
public final class RawNettyServer implements AutoCloseable
{
    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes("Hello, World!".getBytes(StandardCharsets.US_ASCII)));
    private static final AsciiString SERVER = AsciiString.cached("raw-netty");
    /** Headers set only from constants need no validation, as in Netty's own benchmark servers. */
    private static final HttpHeadersFactory UNVALIDATED_HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory UNVALIDATED_TRAILERS = DefaultHttpHeadersFactory.trailersFactory().withValidation(false);
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached(String.valueOf(HELLO.readableBytes()));

    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;

    private RawNettyServer(final MultiThreadIoEventLoopGroup group, final Channel channel)
    {
        this.group = group;
        this.channel = channel;
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        final String transport = args.length > 1 ? args[1] : "epoll";
        final int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        final RawNettyServer server = start(port, transport, threads);
        System.out.println("raw netty listening on 127.0.0.1:" + server.port() + " with " + transport);
        server.channel.closeFuture().sync();
    }

    /** Starts a server on 127.0.0.1:{@code port} (0 for any free port). */
    public static RawNettyServer start(final int port, final String transport, final int threads) throws InterruptedException
    {
        final IoHandlerFactory factory = switch (transport)
        {
            case "io_uring" -> IoUringIoHandler.newFactory();
            case "epoll" -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
        final Class<? extends ServerChannel> channel = switch (transport)
        {
            case "io_uring" -> IoUringServerSocketChannel.class;
            case "epoll" -> EpollServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, factory);
        final Channel server = new ServerBootstrap().group(group).channel(channel)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<>()
            {
                @Override
                protected void initChannel(final Channel ch)
                {
                    ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                }
            })
            .bind("127.0.0.1", port).sync().channel();
        return new RawNettyServer(group, server);
    }

    public int port()
    {
        return ((java.net.InetSocketAddress)channel.localAddress()).getPort();
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends ChannelInboundHandlerAdapter
    {
        private long dateSecond;
        private AsciiString date;

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            if (msg instanceof HttpRequest request)
            {
                final boolean keepAlive = HttpUtil.isKeepAlive(request);
                final FullHttpResponse response;
                if (request.uri().equals("/plaintext"))
                {
                    response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, HELLO.duplicate(), UNVALIDATED_HEADERS, UNVALIDATED_TRAILERS);
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN).set(HttpHeaderNames.CONTENT_LENGTH, CONTENT_LENGTH);
                }
                else
                {
                    response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER, UNVALIDATED_HEADERS,
                        UNVALIDATED_TRAILERS);
                    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
                }
                response.headers().set(HttpHeaderNames.SERVER, SERVER).set(HttpHeaderNames.DATE, date());
                if (keepAlive)
                {
                    ctx.write(response, ctx.voidPromise());
                }
                else
                {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                }
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx)
        {
            ctx.flush();
        }

        private AsciiString date()
        {
            final long second = System.currentTimeMillis() / 1000;
            if (second != dateSecond)
            {
                dateSecond = second;
                date = new AsciiString(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
            }
            return date;
        }
    }
}
