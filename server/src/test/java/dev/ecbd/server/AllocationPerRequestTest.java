package dev.ecbd.server;

import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import io.netty.util.ResourceLeakDetector;
import dev.ecbd.server.accesslog.AccessLogFormat;
import dev.ecbd.server.accesslog.AccessLogSettings;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heap bytes the server's threads allocate per {@code /plaintext} request in steady state, read
 * from the JVM's per-thread allocation counters over real pipelined requests. The bound is a guard
 * against regressions (a request path that starts allocating kilobytes), not a benchmark: the
 * figures are printed, and JMH reports them precisely.
 */
@ExtendWith(NoLeaks.class)
class AllocationPerRequestTest
{
    private static final int BATCH = 16;
    private static final String PIPELINE = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".repeat(BATCH);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "access log {0}")
    @ValueSource(booleans = {false, true})
    void shouldAllocateAlmostNothingPerRequestOnWorkerAndIoThreads(final boolean accessLog) throws Exception
    {
        final AccessLogSettings log = accessLog ? new AccessLogSettings(dir.resolve("access.log"), AccessLogFormat.JSON, 1 << 20) : null;
        try (TestServer server = TestServer.start(nativeIfAvailable(), config -> config.accessLog(log).dispatcher().workers(1), map -> { });
            RawClient client = new RawClient(server.port()))
        {
            final long[] before;
            final long[] after;
            final int measured = 40_000;
            // NOTE: the paranoid leak detector records a stack trace per buffer touch; it would be
            // all that this measures. Buffers are tracked again from the next allocation on.
            final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
            try
            {
                run(client, 40_000);
                before = allocatedBytes("ecbd-worker-0", "ecbd-io-0");
                run(client, measured);
                after = allocatedBytes("ecbd-worker-0", "ecbd-io-0");
            }
            finally
            {
                ResourceLeakDetector.setLevel(level);
            }
            final double worker = (after[0] - before[0]) / (double)measured;
            final double io = (after[1] - before[1]) / (double)measured;
            System.out.printf("allocated per /plaintext request, access log %s: worker %.1f B, I/O thread %.1f B%n", accessLog ? "on" : "off", worker, io);
            assertTrue(worker < 256, "worker allocates " + worker + " B per request");
            assertTrue(io < 256, "I/O thread allocates " + io + " B per request");
        }
    }

    private static TransportKind nativeIfAvailable()
    {
        return dev.ecbd.transport.SelectedTransport.isAvailable(TransportKind.EPOLL) ? TransportKind.EPOLL : TransportKind.NIO;
    }

    private static void run(final RawClient client, final int requests) throws Exception
    {
        for (int sent = 0; sent < requests; sent += BATCH)
        {
            client.send(PIPELINE);
            for (int i = 0; i < BATCH; i++)
            {
                assertEquals(200, client.read().status());
            }
        }
    }

    private static long[] allocatedBytes(final String... threadNames)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        return Arrays.stream(threadNames).mapToLong(name -> Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().equals(name)).findFirst()
            .map(thread -> threads.getThreadAllocatedBytes(thread.threadId()))
            .orElseThrow(() -> new AssertionError("no thread named " + name))).toArray();
    }
}
