package dev.ecbd.transport;

import dev.ecbd.os.SocketSends;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

import java.util.ArrayList;
import java.util.List;

/**
 * The transport a server runs on, chosen once at start-up: io_uring, then epoll, then NIO for
 * {@link TransportKind#AUTO}; exactly the one asked for otherwise.
 *
 * @param kind the transport in use.
 * @param fallbacks why each preferred transport was passed over; empty when none was.
 */
public record SelectedTransport(TransportKind kind, List<String> fallbacks)
{
    /**
     * @throws IllegalStateException when the transport asked for cannot run here, saying why.
     */
    public static SelectedTransport select(final TransportKind requested)
    {
        final List<String> fallbacks = new ArrayList<>();
        switch (requested)
        {
            case IO_URING ->
            {
                requireAvailable(TransportKind.IO_URING, IoUring.isAvailable(), IoUring.unavailabilityCause());
                return new SelectedTransport(TransportKind.IO_URING, fallbacks);
            }
            case EPOLL ->
            {
                requireAvailable(TransportKind.EPOLL, Epoll.isAvailable(), Epoll.unavailabilityCause());
                return new SelectedTransport(TransportKind.EPOLL, fallbacks);
            }
            case NIO ->
            {
                return new SelectedTransport(TransportKind.NIO, fallbacks);
            }
            default ->
            {
                if (IoUring.isAvailable())
                {
                    return new SelectedTransport(TransportKind.IO_URING, fallbacks);
                }
                fallbacks.add("io_uring unavailable: " + describe(IoUring.unavailabilityCause()));
                if (Epoll.isAvailable())
                {
                    return new SelectedTransport(TransportKind.EPOLL, fallbacks);
                }
                fallbacks.add("epoll unavailable: " + describe(Epoll.unavailabilityCause()));
                return new SelectedTransport(TransportKind.NIO, fallbacks);
            }
        }
    }

    /** @return whether {@code kind} can run here; {@link TransportKind#AUTO} and NIO always can. */
    public static boolean isAvailable(final TransportKind kind)
    {
        return switch (kind)
        {
            case IO_URING -> IoUring.isAvailable();
            case EPOLL -> Epoll.isAvailable();
            case NIO, AUTO -> true;
        };
    }

    IoHandlerFactory ioHandlerFactory()
    {
        return switch (kind)
        {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
    }

    Class<? extends ServerChannel> serverChannelClass()
    {
        return switch (kind)
        {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }

    /**
     * @return the option that corks a connected socket (Linux {@code TCP_CORK}: segments wait until
     *         full or uncorked), or {@code null} where the transport has none (NIO).
     */
    ChannelOption<Boolean> corkOption()
    {
        return switch (kind)
        {
            case IO_URING -> IoUringChannelOption.TCP_CORK;
            case EPOLL -> EpollChannelOption.TCP_CORK;
            default -> null;
        };
    }

    /**
     * @return whether a mapped file goes out as a buffer over its mapping rather than as a file
     *         region: on io_uring, whose file regions are spliced through a pipe 64 KiB at a time,
     *         where one send of the mapped bytes costs less; epoll and NIO have {@code sendfile}.
     */
    boolean sendsFilesMapped()
    {
        return kind == TransportKind.IO_URING;
    }

    /**
     * @return whether the I/O thread sends a shared file with a descriptor itself
     *         ({@link DirectFileSend}): on epoll and io_uring, whose channels give their socket's
     *         descriptor, where the C library's calls are at hand.
     */
    boolean sendsFilesDirect()
    {
        return kind != TransportKind.NIO && SocketSends.available();
    }

    /** @return the start-up log line: the transport, and why any preferred one was passed over. */
    public String describe()
    {
        return "transport " + kind.label() + (fallbacks.isEmpty() ? "" : " (" + String.join("; ", fallbacks) + ")");
    }

    private static void requireAvailable(final TransportKind kind, final boolean available, final Throwable cause)
    {
        if (!available)
        {
            throw new IllegalStateException("transport " + kind.label() + " was asked for but cannot run here: " + describe(cause));
        }
    }

    private static String describe(final Throwable cause)
    {
        if (cause == null)
        {
            return "no reason given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root)
        {
            root = root.getCause();
        }
        return root == cause ? String.valueOf(cause.getMessage()) : cause.getMessage() + " (" + root.getMessage() + ")";
    }
}
