package dev.ecbd.server;

import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.ExpectedWarnings;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeaks.class)
class ServerLifecycleTest
{
    @RegisterExtension
    final ExpectedWarnings warnings = new ExpectedWarnings("dev.ecbd");

    @Test
    void shouldStopEverythingItStartedWhenThePortIsTaken() throws Exception
    {
        try (TestServer first = TestServer.start(TransportKind.NIO))
        {
            final long workersBefore = liveThreads("ecbd-worker-");
            final Exception failure = assertThrows(Exception.class,
                () -> Ecbd.start(sameport(first.port())));
            assertInstanceOf(IOException.class, failure);
            assertEquals(workersBefore, liveThreads("ecbd-worker-"));
        }
    }

    @Test
    void shouldAnswerAPendingRequestWith503WhenShuttingDown() throws Exception
    {
        warnings.expect("drain timeout: reclaiming 1 request(s) still in flight");
        final CountDownLatch held = new CountDownLatch(1);
        final TestServer server = TestServer.start(TransportKind.NIO, config -> config.http().drainTimeout(Duration.ofMillis(200)), map -> map
            .map("/hold", ecb ->
            {
                held.countDown();
                return ExtensionStatus.PENDING;
            }));
        try (RawClient client = new RawClient(server.port()))
        {
            client.get("/hold");
            assertTrue(held.await(20, TimeUnit.SECONDS));
            final CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            final RawClient.Response response = client.read();
            assertEquals(503, response.status());
            assertEquals("close", response.header("Connection"));
            closing.get(20, TimeUnit.SECONDS);
            assertTrue(client.closedByServer());
            assertEquals(0, liveThreads("ecbd-worker-"));
        }
    }

    private static long liveThreads(final String prefix)
    {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    private static EcbdConfig sameport(final int port)
    {
        final EcbdConfig.Builder config = EcbdConfig.builder();
        config.http().port(port).transport(TransportKind.NIO);
        config.dispatcher().workers(3);
        return config.build();
    }
}
