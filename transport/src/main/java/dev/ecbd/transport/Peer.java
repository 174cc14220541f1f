package dev.ecbd.transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The two ends of a connection, taken once when it opens: every request on it shares them.
 *
 * @param remote the client's address and port.
 * @param local the server's address and port the connection arrived on.
 * @param remoteText the client's address as text, ASCII, for the access log.
 */
record Peer(InetSocketAddress remote, InetSocketAddress local, byte[] remoteText)
{
    static Peer of(final InetSocketAddress remote, final InetSocketAddress local)
    {
        return new Peer(remote, local, remote.getAddress().getHostAddress().getBytes(StandardCharsets.US_ASCII));
    }
}
