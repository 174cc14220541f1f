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
import io.netty.channel.DefaultFileRegion;
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
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The baseline ecbd is measured against: a plain Netty HTTP/1.1 server, {@code HttpServerCodec}
 * and one handler, answering {@code /plaintext} with {@code Hello, World!} on the I/O thread, with
 * the same headers as ecbd (Server, Date, Content-Type, Content-Length). Responses are flushed once
 * per read batch, as well-tuned Netty servers do. Given a document root, it serves its files too,
 * as Netty's own static-file example does: the file opened per request and sent as a
 * {@link DefaultFileRegion} (zero-copy), no caching, no conditional or range requests.
 *
 * <p>Usage: {@code java -cp jmh/target/benchmarks.jar dev.ecbd.jmh.RawNettyServer PORT [io_uring|epoll|nio] [IO_THREADS] [DOCROOT]};
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
    private static final AsciiString OCTET_STREAM = AsciiString.cached("application/octet-stream");
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
        final Path docroot = args.length > 3 ? Path.of(args[3]).toAbsolutePath().normalize() : null;
        final RawNettyServer server = start(port, transport, threads, docroot);
        System.out.println("raw netty listening on 127.0.0.1:" + server.port() + " with " + transport);
        server.channel.closeFuture().sync();
    }

    /** Starts a server on 127.0.0.1:{@code port} (0 for any free port), without files. */
    public static RawNettyServer start(final int port, final String transport, final int threads) throws InterruptedException
    {
        return start(port, transport, threads, null);
    }

    /** Starts a server on 127.0.0.1:{@code port} (0 for any free port) serving the files under {@code docroot} (null for none). */
    public static RawNettyServer start(final int port, final String transport, final int threads, final Path docroot) throws InterruptedException
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
                    ch.pipeline().addLast(new HttpServerCodec(), new Handler(docroot));
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
        private final Path docroot;
        private long dateSecond;
        private AsciiString date;

        Handler(final Path docroot)
        {
            this.docroot = docroot;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            if (msg instanceof HttpRequest request)
            {
                final boolean keepAlive = HttpUtil.isKeepAlive(request);
                if (docroot != null && !request.uri().equals("/plaintext") && sendFile(ctx, request.uri(), keepAlive))
                {
                    ReferenceCountUtil.release(msg);
                    return;
                }
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

        /** @return whether {@code uri} named a regular file under the document root, now being sent. */
        private boolean sendFile(final ChannelHandlerContext ctx, final String uri, final boolean keepAlive)
        {
            final Path file = docroot.resolve(uri.substring(1)).normalize();
            if (!file.startsWith(docroot) || !Files.isRegularFile(file))
            {
                return false;
            }
            final FileChannel channel;
            final long length;
            try
            {
                channel = FileChannel.open(file, StandardOpenOption.READ);
                length = channel.size();
            }
            catch (final IOException ex)
            {
                return false;
            }
            final HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, UNVALIDATED_HEADERS);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, OCTET_STREAM).set(HttpHeaderNames.CONTENT_LENGTH, length)
                .set(HttpHeaderNames.SERVER, SERVER).set(HttpHeaderNames.DATE, date());
            ctx.write(response, ctx.voidPromise());
            ctx.write(new DefaultFileRegion(channel, 0, length), ctx.voidPromise());
            if (keepAlive)
            {
                ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
            }
            else
            {
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            }
            return true;
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
