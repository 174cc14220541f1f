package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import dev.ecbd.transport.ClientFault;
import dev.ecbd.transport.TransportKind;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The edge holds: slow, silent and flooding clients are cut off by the minimum data rates and by
 * backpressure, without holding a worker or another client's request; a drain lets requests in
 * flight finish. Raw sockets, every transport.
 */
@ExtendWith(NoLeaks.class)
class EdgeTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";

    /** Writes 32 MiB synchronously, holding its worker while the client does not read. */
    private static final class BigWriter implements Extension
    {
        @Override
        public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
        {
            ecb.sendResponseHeader(200, "Content-Type: application/octet-stream\r\n");
            final byte[] chunk = new byte[64 * 1024];
            for (int i = 0; i < 512; i++)
            {
                ecb.writeClient(chunk, 0, chunk.length);
            }
            return ExtensionStatus.SUCCESS;
        }
    }

    private static TestServer startWithShortRateWindows(final TransportKind transport, final int workers) throws InterruptedException
    {
        return TestServer.start(transport,
            config ->
            {
                config.http().dataRateGrace(Duration.ofSeconds(1));
                config.dispatcher().workers(workers);
            },
            map -> map.map("/sync-read", new SyncReader()).map("/big", new BigWriter()));
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldKeepServingOthersWhileFourClientsStallTheirBodies(final TransportKind transport) throws Exception
    {
        // Four clients send half a body to an extension that reads synchronously on the only worker, then stop.
        try (TestServer server = startWithShortRateWindows(transport, 1))
        {
            final List<RawClient> stalled = new ArrayList<>();
            try
            {
                for (int i = 0; i < 4; i++)
                {
                    stalled.add(new RawClient(server.port()).send("POST /sync-read HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n")
                        .send(new byte[48 * 1024]));
                }
                awaitUntil(() -> server.dispatcher().pool().inUse() == 4, "the four stalled requests to be admitted");
                try (RawClient probe = new RawClient(server.port()))
                {
                    // Probes and metrics run on the I/O thread: they never wait behind the worker.
                    assertEquals(200, probe.get("/livez").read().status());
                    assertEquals(200, probe.get("/readyz").read().status());
                    assertEquals(200, probe.get("/metrics").read().status());
                    // The worker comes free as each stalled body falls below the minimum rate.
                    assertEquals("Hello, World!", probe.get("/plaintext").read().text());
                }
                for (final RawClient client : stalled)
                {
                    final RawClient.Response response = client.read();
                    assertEquals(408, response.status());
                    assertEquals("close", response.header("Connection"));
                    assertTrue(client.closedByServer());
                }
                assertEquals(4, server.server().clientFaults(ClientFault.SLOW_REQUEST_BODY));
                server.awaitPoolIdle();
            }
            finally
            {
                for (final RawClient client : stalled)
                {
                    client.close();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldCloseAClientThatNeverReadsA32MiBResponse(final TransportKind transport) throws Exception
    {
        try (TestServer server = startWithShortRateWindows(transport, 1); Socket silent = new Socket())
        {
            silent.setReceiveBufferSize(4096);
            silent.connect(new InetSocketAddress("127.0.0.1", server.port()));
            silent.getOutputStream().write("GET /big HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            awaitUntil(() -> server.server().clientFaults(ClientFault.SLOW_RESPONSE_READER) == 1, "the silent reader to be closed");
            server.awaitPoolIdle();
            try (RawClient other = new RawClient(server.port()))
            {
                assertEquals("Hello, World!", other.get("/plaintext").read().text());
            }
        }
    }

    /**
     * A large static file is a final send, which ends its request as the send starts, its rest left
     * to the channel: a client that never reads it is still held to the minimum response rate and
     * closed, not left to the head and idle timeouts (set far off here).
     */
    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldCloseAClientThatNeverReadsALargeStaticFile(final TransportKind transport, @TempDir final Path site) throws Exception
    {
        Files.write(site.resolve("large.bin"), new byte[64 << 20]);
        try (TestServer server = TestServer.start(transport,
                config ->
                {
                    config.documentRoot(site);
                    config.http().dataRateGrace(Duration.ofSeconds(1)).headTimeout(Duration.ofMinutes(5)).idleTimeout(Duration.ofMinutes(5));
                },
                map -> { });
            Socket silent = new Socket())
        {
            silent.setReceiveBufferSize(4096);
            silent.connect(new InetSocketAddress("127.0.0.1", server.port()));
            silent.getOutputStream().write("GET /large.bin HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            awaitUntil(() -> server.server().clientFaults(ClientFault.SLOW_RESPONSE_READER) == 1, "the silent reader of a static file to be closed");
            server.awaitNoConnections();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldStopReadingAPipelinedFloodWhoseResponsesAreNotRead(final TransportKind transport) throws Exception
    {
        final Socket flood = new Socket();
        try (TestServer server = TestServer.start(transport))
        {
            final long directBefore = usedDirectMemory();
            flood.setReceiveBufferSize(4096);
            flood.connect(new InetSocketAddress("127.0.0.1", server.port()));
            final byte[] requests = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            final OutputStream out = flood.getOutputStream();
            final CompletableFuture<Void> sender = CompletableFuture.runAsync(() ->
            {
                try
                {
                    // NOTE: 400,000 requests; the server stops reading long before, so this blocks until the socket closes.
                    for (int i = 0; i < 400; i++)
                    {
                        out.write(requests);
                    }
                }
                catch (final IOException ex)
                {
                    // NOTE: the test closes the socket under the blocked write.
                }
            });
            awaitUntil(() -> server.server().outputPauses() >= 1, "the connection to stop reading");
            // Held per connection: the ring of requests in flight and one high-water mark of output (256 KiB).
            final long grown = usedDirectMemory() - directBefore;
            assertTrue(grown < 8 << 20, "direct memory grew by " + grown + " bytes");
            flood.close();
            sender.get();
            server.awaitNoConnections();
            server.awaitPoolIdle();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldCloseAConnectionWhosePipelinedResponsesPileUpBehindAStuckOne(final TransportKind transport) throws Exception
    {
        // 20 responses of 100 KiB wait behind one that never ends: 2 MiB held, over the 1 MiB a connection may hold.
        final CompletableFuture<Void> release = new CompletableFuture<>();
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map
                .map("/stuck", ecb ->
                {
                    ecb.ioCompletion((done, context, bytes, error) ->
                    {
                        done.sendResponseHeader(204, "");
                        done.doneWithSession(ExtensionStatus.SUCCESS_AND_CLOSE);
                    }, null);
                    ecb.completeWhen(release);
                    return ExtensionStatus.PENDING;
                })
                .map("/100k", ecb ->
                {
                    ecb.sendResponseHeader(200, "Content-Type: application/octet-stream\r\n");
                    ecb.writeClient(new byte[100 * 1024], 0, 100 * 1024);
                    return ExtensionStatus.SUCCESS;
                }));
             RawClient client = new RawClient(server.port()))
        {
            client.send("GET /stuck HTTP/1.1\r\nHost: t\r\n\r\n" + "GET /100k HTTP/1.1\r\nHost: t\r\n\r\n".repeat(20));
            assertTrue(client.closedByServer());
            release.complete(null);
            server.awaitPoolIdle();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldDeliverA413IntactToAClientStillSendingItsBody(final TransportKind transport) throws Exception
    {
        // RFC 9112 §9.6: the server half-closes and drains instead of closing on unread input, which would reset the
        // connection and could destroy the 413 before the client reads it.
        try (TestServer server = TestServer.start(transport, config -> config.http().maxBodySize(1000).maxUnreadBody(64 << 20), map -> { }))
        {
            final byte[] body = new byte[8 << 20];
            for (int i = 0; i < 10; i++)
            {
                try (RawClient client = new RawClient(server.port()))
                {
                    client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n");
                    final CompletableFuture<Void> sender = CompletableFuture.runAsync(() ->
                    {
                        try
                        {
                            client.send(body);
                        }
                        catch (final IOException ex)
                        {
                            throw new UncheckedIOException(ex);
                        }
                    });
                    assertEquals(413, client.read().status());
                    sender.get();
                    assertTrue(client.closedByServer());
                }
            }
            assertEquals(10, server.server().clientFaults(ClientFault.BODY_TOO_LARGE));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldDrainASlowUploadInFlightAndRefuseNewWork(final TransportKind transport) throws Exception
    {
        final TestServer server = TestServer.start(transport, config -> config.http().drainTimeout(Duration.ofSeconds(20)), map -> { });
        final int port = server.port();
        try (RawClient upload = new RawClient(port); RawClient live = new RawClient(port); RawClient work = new RawClient(port);
             RawClient ready = new RawClient(port))
        {
            for (final RawClient client : List.of(live, work, ready))
            {
                assertEquals(200, client.get("/livez").read().status());
            }
            final byte[] body = new byte[1 << 20];
            upload.send("POST /demo/upload HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n").send(Arrays.copyOf(body, 300_000));
            awaitUntil(() -> server.dispatcher().pool().inUse() == 1, "the upload to be admitted");
            final CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            awaitUntil(server.ecbd()::draining, "the drain to begin");

            // RFC 9110 §15.6.4 and Kubernetes probes: readiness fails, liveness holds, new work is refused; each closes.
            assertDrainAnswer(ready.get("/readyz"), 503);
            assertDrainAnswer(live.get("/livez"), 200);
            final RawClient.Response refused = work.get("/plaintext").read();
            assertEquals(503, refused.status());
            assertEquals("1", refused.header("Retry-After"));
            assertTrue(work.closedByServer());
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());

            upload.send(Arrays.copyOfRange(body, 300_000, body.length));
            final RawClient.Response uploaded = upload.read();
            assertEquals(200, uploaded.status());
            assertTrue(uploaded.text().startsWith("{\"bytes\":1048576,"), uploaded.text());
            assertEquals("close", uploaded.header("Connection"));
            closing.get();
            assertEquals(0, server.dispatcher().pool().inUse());
        }
    }

    private static void assertDrainAnswer(final RawClient client, final int status) throws IOException
    {
        final RawClient.Response response = client.read();
        assertEquals(status, response.status());
        assertEquals("close", response.header("Connection"));
        assertTrue(client.closedByServer());
    }

    private static long usedDirectMemory()
    {
        return ((ByteBufAllocatorMetricProvider)ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    }

    private static void awaitUntil(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }
}
