package dev.ecbd.server;

import dev.ecbd.transport.SelectedTransport;
import dev.ecbd.transport.TransportKind;

import java.util.stream.Stream;

/** The transports to run network tests on: every one this machine supports. */
final class Transports
{
    private Transports()
    {
    }

    /** @return io_uring and epoll where they load, and NIO always. */
    static Stream<TransportKind> available()
    {
        return Stream.of(TransportKind.IO_URING, TransportKind.EPOLL, TransportKind.NIO).filter(SelectedTransport::isAvailable);
    }
}
