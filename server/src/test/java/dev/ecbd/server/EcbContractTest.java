package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.ExpectedWarnings;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@ExtendWith(NoLeaks.class)
class EcbContractTest
{
    @RegisterExtension
    final ExpectedWarnings warnings = new ExpectedWarnings("dev.ecbd");

    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";

    /** @return an extension that answers {@code body}, leaves its ECB in {@code parked}, and returns PENDING. */
    private static Extension parkAfterWriting(final String body, final LinkedBlockingQueue<ExtensionControlBlock> parked)
    {
        return ecb ->
        {
            text(ecb, body);
            parked.add(ecb);
            return ExtensionStatus.PENDING;
        };
    }

    private static ExtensionStatus text(final ExtensionControlBlock ecb, final String body) throws java.io.IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ecb.sendResponseHeader(200, "Content-Type: text/plain\r\n");
        ecb.writeClient(bytes, 0, bytes.length);
        return ExtensionStatus.SUCCESS;
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldKeepPipelinedResponsesInRequestOrderWhenExtensionsFinishOutOfOrder(final TransportKind transport) throws Exception
    {
        final LinkedBlockingQueue<ExtensionControlBlock> parked = new LinkedBlockingQueue<>();
        final CountDownLatch secondDone = new CountDownLatch(1);
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map
            .map("/first", parkAfterWriting("first", parked))
            .map("/second", ecb ->
            {
                text(ecb, "second");
                secondDone.countDown();
                return ExtensionStatus.SUCCESS;
            }));
            RawClient client = new RawClient(server.port()))
        {
            client.send("GET /first HTTP/1.1\r\nHost: t\r\n\r\nGET /second HTTP/1.1\r\nHost: t\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            final ExtensionControlBlock first = parked.poll(20, TimeUnit.SECONDS);
            assertTrue(secondDone.await(20, TimeUnit.SECONDS), "the second request never ran");
            first.doneWithSession(ExtensionStatus.SUCCESS);
            assertEquals("first", client.read().text());
            assertEquals("second", client.read().text());
            assertEquals("Hello, World!", client.read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldDetectUseAfterTheRequestEnded(final TransportKind transport) throws Exception
    {
        final AtomicReference<ExtensionControlBlock> kept = new AtomicReference<>();
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map
            .map("/keep", ecb ->
            {
                kept.set(ecb);
                return text(ecb, "kept");
            })
            .map("/stale", ecb ->
            {
                final ExtensionControlBlock old = kept.get();
                final IllegalStateException read = assertThrows(IllegalStateException.class, old::method);
                final IllegalStateException write = assertThrows(IllegalStateException.class, () -> old.writeClient(new byte[1], 0, 1));
                final IllegalStateException done = assertThrows(IllegalStateException.class, () -> old.doneWithSession(ExtensionStatus.SUCCESS));
                return text(ecb, read.getMessage() + "|" + write.getMessage() + "|" + done.getMessage());
            }));
            RawClient client = new RawClient(server.port()))
        {
            assertEquals("kept", client.get("/keep").read().text());
            for (int i = 0; i < 70; i++)
            {
                client.get("/plaintext").read();
            }
            final String messages = client.get("/stale").read().text();
            assertTrue(messages.contains("after its request ended"), messages);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldRejectDoneWithSessionTwiceAndCallsFromAnotherThread(final TransportKind transport) throws Exception
    {
        final LinkedBlockingQueue<ExtensionControlBlock> parked = new LinkedBlockingQueue<>();
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map
            .map("/elsewhere", ecb ->
            {
                final CompletableFuture<Throwable> offThread = CompletableFuture.supplyAsync(() ->
                {
                    try
                    {
                        ecb.method();
                        return null;
                    }
                    catch (final IllegalStateException ex)
                    {
                        return ex;
                    }
                });
                final Throwable failure = offThread.join();
                return text(ecb, failure == null ? "allowed" : failure.getMessage());
            })
            .map("/pending", parkAfterWriting("pending", parked)));
            RawClient client = new RawClient(server.port()))
        {
            final String elsewhere = client.get("/elsewhere").read().text();
            assertTrue(elsewhere.contains("must be called on its worker thread"), elsewhere);

            client.get("/pending");
            final ExtensionControlBlock ecb = parked.poll(20, TimeUnit.SECONDS);
            assertThrows(IllegalArgumentException.class, () -> ecb.doneWithSession(ExtensionStatus.PENDING));
            ecb.doneWithSession(ExtensionStatus.SUCCESS);
            assertThrows(IllegalStateException.class, () -> ecb.doneWithSession(ExtensionStatus.SUCCESS));
            assertEquals("pending", client.read().text());
            assertEquals("Hello, World!", client.get("/plaintext").read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAnswer500AndCloseWhenAnExtensionThrows(final TransportKind transport) throws Exception
    {
        warnings.expect("failed; answering 500 and closing the connection");
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map
            .map("/throw", ecb ->
            {
                throw new IllegalStateException("boom (expected by the test)");
            })
            .map("/error", ecb -> ExtensionStatus.ERROR));
            RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response response = client.get("/throw").read();
            assertEquals(500, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByServer());
            try (RawClient again = new RawClient(server.port()))
            {
                assertEquals(500, again.get("/error").read().status());
                assertTrue(again.closedByServer());
            }
            server.awaitPoolIdle();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldReclaimASessionTheExtensionNeverEnds(final TransportKind transport) throws Exception
    {
        final LinkedBlockingQueue<ExtensionControlBlock> parked = new LinkedBlockingQueue<>();
        try (TestServer server = TestServer.start(transport, config -> config.dispatcher().sessionTimeout(Duration.ofMillis(300)), map -> map
            .map("/forget", ecb ->
            {
                parked.add(ecb);
                return ExtensionStatus.PENDING;
            }));
            RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response response = client.get("/forget").read();
            assertEquals(504, response.status());
            assertTrue(client.closedByServer());
            server.awaitPoolIdle();
            final ExtensionControlBlock forgotten = parked.poll(20, TimeUnit.SECONDS);
            assertThrows(IllegalStateException.class, () -> forgotten.doneWithSession(ExtensionStatus.SUCCESS));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldShed503WhenThePoolIsExhaustedAndRecover(final TransportKind transport) throws Exception
    {
        final LinkedBlockingQueue<ExtensionControlBlock> parked = new LinkedBlockingQueue<>();
        try (TestServer server = TestServer.start(transport, config -> config.dispatcher().poolSize(2).workers(1), map -> map
            .map("/hold", parkAfterWriting("held", parked)));
            RawClient one = new RawClient(server.port());
            RawClient two = new RawClient(server.port());
            RawClient three = new RawClient(server.port()))
        {
            one.get("/hold");
            two.get("/hold");
            final ExtensionControlBlock first = parked.poll(20, TimeUnit.SECONDS);
            final ExtensionControlBlock second = parked.poll(20, TimeUnit.SECONDS);
            final RawClient.Response shed = three.get("/plaintext").read();
            assertEquals(503, shed.status());
            assertEquals("1", shed.header("Retry-After"));
            assertEquals(1, server.server().shedCount());
            first.doneWithSession(ExtensionStatus.SUCCESS);
            second.doneWithSession(ExtensionStatus.SUCCESS);
            assertEquals("held", one.read().text());
            assertEquals("held", two.read().text());
            server.awaitPoolIdle();
            assertEquals("Hello, World!", three.get("/plaintext").read().text());
            assertTrue(three.get("/metrics").read().text().contains("ecbd_requests_shed_total 1.0"));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldShed503WhenTheWorkerQueueIsFull(final TransportKind transport) throws Exception
    {
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.start(transport, config -> config.dispatcher().workers(1).queueCapacity(1), map -> map
            .map("/block", ecb ->
            {
                running.countDown();
                release.await();
                return text(ecb, "unblocked");
            }));
            RawClient blocker = new RawClient(server.port());
            RawClient queued = new RawClient(server.port());
            RawClient shed = new RawClient(server.port()))
        {
            try
            {
                blocker.get("/block");
                assertTrue(running.await(20, TimeUnit.SECONDS));
                queued.get("/plaintext");
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (server.dispatcher().workers().get(0).queueDepth() < 1)
                {
                    if (System.nanoTime() - deadline > 0)
                    {
                        fail("the second request never reached the worker's queue");
                    }
                    Thread.onSpinWait();
                }
                assertEquals(503, shed.get("/plaintext").read().status());
            }
            finally
            {
                release.countDown();
            }
            assertEquals("unblocked", blocker.read().text());
            assertEquals("Hello, World!", queued.read().text());
            assertEquals("Hello, World!", shed.get("/plaintext").read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldReturnEveryEcbToThePoolAfterAConcurrentBurst(final TransportKind transport) throws Exception
    {
        final int clients = 16;
        final int requestsEach = 100;
        try (TestServer server = TestServer.start(transport, config -> config.dispatcher().poolSize(256), map -> { }))
        {
            final ExecutorService pool = Executors.newFixedThreadPool(clients);
            try
            {
                final List<Future<Integer>> results = new ArrayList<>();
                for (int c = 0; c < clients; c++)
                {
                    final int id = c;
                    results.add(pool.submit(() ->
                    {
                        int ok = 0;
                        try (RawClient client = new RawClient(server.port()))
                        {
                            for (int i = 0; i < requestsEach; i++)
                            {
                                final String body = id + ":" + i;
                                final RawClient.Response response = (i % 3 == 0)
                                    ? client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).read()
                                    : client.get("/plaintext").read();
                                if (response.status() == 200 && response.text().equals(i % 3 == 0 ? body : "Hello, World!"))
                                {
                                    ok++;
                                }
                            }
                        }
                        return ok;
                    }));
                }
                for (final Future<Integer> result : results)
                {
                    assertEquals(requestsEach, result.get(60, TimeUnit.SECONDS));
                }
            }
            finally
            {
                pool.shutdownNow();
            }
            server.awaitPoolIdle();
            assertTrue(server.dispatcher().pool().highWater() > 1);
        }
    }
}
