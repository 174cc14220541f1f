package dev.ecbd.os;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sends on real sockets are the static-file tests' (every transport); here, what a failed call answers. */
class SocketSendsTest
{
    @Test
    void shouldSendNothingAndSayNoOnADescriptorThatIsNoSocket()
    {
        final SocketSends sends = new SocketSends();
        assertTrue(SocketSends.available());
        assertEquals(0, sends.send(-1, 0, 10, false));
        assertEquals(-1, sends.statusFlags(-1));
        assertEquals(0, sends.sendFile(-1, 0, -1, 0, 10));
    }
}
