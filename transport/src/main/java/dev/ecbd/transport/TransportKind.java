package dev.ecbd.transport;

import java.util.Locale;

/** The socket transports ecbd can run on, and {@link #AUTO}: the best one that works here. */
public enum TransportKind
{
    AUTO,
    IO_URING,
    EPOLL,
    NIO;

    /** @return the name used on the command line and in logs: {@code auto}, {@code io_uring}, {@code epoll}, {@code nio}. */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param label {@code auto}, {@code io_uring} (or {@code io-uring}), {@code epoll} or {@code nio}, any case.
     * @throws IllegalArgumentException for anything else.
     */
    public static TransportKind parse(final String label)
    {
        final String normalized = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final TransportKind kind : values())
        {
            if (kind.name().equals(normalized))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + label + "': expected auto, io_uring, epoll or nio");
    }
}
