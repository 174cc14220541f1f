package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;

/**
 * What a connection has in flight, in request order: a request served through an ECB, or a
 * response of the server's own (shed load, a refused request) waiting its turn. I/O thread only.
 */
sealed interface InFlight permits ExchangeInFlight, InFlight.OwnResponse
{
    /** A complete response of the server's own; the connection closes after it when {@code close}. */
    record OwnResponse(ByteBuf bytes, boolean close) implements InFlight
    {
    }
}
