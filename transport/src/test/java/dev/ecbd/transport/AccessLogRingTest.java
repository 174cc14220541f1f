package dev.ecbd.transport;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogRingTest
{
    private static final Peer PEER = Peer.of(new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 8080));

    @Test
    void shouldDropAndCountRecordsThatFindTheRingFullWithoutEverWaiting()
    {
        final AccessLogRing ring = new AccessLogRing(64 * 1024);
        int offered = 0;
        while (ring.dropped() < 10)
        {
            ring.refused(PEER, 400 + offered % 100, System.nanoTime());
            offered++;
        }
        final List<Integer> statuses = new ArrayList<>();
        final byte[] text = new byte[AccessLogRecord.MAX_TEXT];
        while (ring.read(record ->
        {
            statuses.add(record.status());
            assertEquals("127.0.0.1", new String(text, 0, record.copy(AccessLogRecord.Text.REMOTE_ADDRESS, text), StandardCharsets.US_ASCII));
            assertEquals(0, record.length(AccessLogRecord.Text.TARGET));
            assertEquals(-1, record.worker());
        }, 1000) > 0)
        {
            // NOTE: drains the ring.
        }
        assertEquals(offered - 10, statuses.size());
        assertTrue(statuses.size() > 1000, "the ring held " + statuses.size());
        for (int i = 0; i < statuses.size(); i++)
        {
            assertEquals(400 + i % 100, statuses.get(i));
        }
        ring.refused(PEER, 408, System.nanoTime());
        assertEquals(1, ring.read(record -> assertEquals(408, record.status()), 10), "room again once read");
    }

    @Test
    void shouldRefuseACapacityThatIsNotAPowerOfTwoOfAtLeast64K()
    {
        assertThrows(IllegalArgumentException.class, () -> new AccessLogRing(100_000));
        assertThrows(IllegalArgumentException.class, () -> new AccessLogRing(32 * 1024));
    }
}
