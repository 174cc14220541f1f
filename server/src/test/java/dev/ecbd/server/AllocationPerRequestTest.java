package dev.ecbd.server;

import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import io.netty.util.ResourceLeakDetector;
import dev.ecbd.server.accesslog.AccessLogFormat;
import dev.ecbd.server.accesslog.AccessLogSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heap bytes the server's threads allocate per {@code /plaintext} request, and per request for a
 * static file held open (served inline), in steady state, read from the JVM's per-thread
 * allocation counters over real pipelined requests. The bound is a guard against regressions (a
 * request path that starts allocating kilobytes), not a benchmark: the figures are printed, and
 * JMH reports them precisely.
 */
@ExtendWith(NoLeaks.class)
class AllocationPerRequestTest
{
    private static final int BATCH = 16;
    private static final String PIPELINE = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".repeat(BATCH);
    private static final String FILE_PIPELINE = "GET /4k.bin HTTP/1.1\r\nHost: t\r\n\r\n".repeat(BATCH);

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
            final double[] perRequest = measure(client, PIPELINE, 40_000);
            System.out.printf("allocated per /plaintext request, access log %s: worker %.1f B, I/O thread %.1f B%n", accessLog ? "on" : "off",
                perRequest[0], perRequest[1]);
            assertTrue(perRequest[0] < 256, "worker allocates " + perRequest[0] + " B per request");
            assertTrue(perRequest[1] < 256, "I/O thread allocates " + perRequest[1] + " B per request");
        }
    }

    /**
     * A file held open is served inline with a final send of the file held: what it allocates is
     * the request's path, the transmission and the file region Netty sends (no open, no stat, no
     * header strings).
     */
    @Test
    void shouldAllocateOnlyTheRegionAndItsDescriptionPerCachedFileRequest() throws Exception
    {
        Files.write(dir.resolve("4k.bin"), new byte[4096]);
        try (TestServer server = TestServer.start(nativeIfAvailable(), config -> config.documentRoot(dir).dispatcher().workers(1), map -> { });
            RawClient client = new RawClient(server.port()))
        {
            final double[] perRequest = measure(client, FILE_PIPELINE, 16_000);
            System.out.printf("allocated per cached 4 KiB file request: worker %.1f B, I/O thread %.1f B%n", perRequest[0], perRequest[1]);
            assertTrue(perRequest[0] < 64, "a cached file request reached the worker: " + perRequest[0] + " B per request there");
            assertTrue(perRequest[1] < 512, "I/O thread allocates " + perRequest[1] + " B per cached file request");
        }
    }

    /** @return bytes allocated per request by the worker and by the I/O thread over {@code measured} requests, after as many as warm-up. */
    private static double[] measure(final RawClient client, final String pipeline, final int measured) throws Exception
    {
        final long[] before;
        final long[] after;
        // NOTE: the paranoid leak detector records a stack trace per buffer touch; it would be
        // all that this measures. The server runs without it (JvmDefaults), so this measures
        // what the server allocates. Buffers are tracked again from the next allocation on.
        final ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try
        {
            run(client, pipeline, measured);
            before = allocatedBytes("ecbd-worker-0", "ecbd-io-0");
            run(client, pipeline, measured);
            after = allocatedBytes("ecbd-worker-0", "ecbd-io-0");
        }
        finally
        {
            ResourceLeakDetector.setLevel(level);
        }
        return new double[] {(after[0] - before[0]) / (double)measured, (after[1] - before[1]) / (double)measured};
    }

    private static TransportKind nativeIfAvailable()
    {
        return dev.ecbd.transport.SelectedTransport.isAvailable(TransportKind.EPOLL) ? TransportKind.EPOLL : TransportKind.NIO;
    }

    private static void run(final RawClient client, final String pipeline, final int requests) throws Exception
    {
        for (int sent = 0; sent < requests; sent += BATCH)
        {
            client.send(pipeline);
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
