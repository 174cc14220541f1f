package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.NonBlocking;
import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transmit-file as the final send: the request ends as the send starts, with no completion, on a worker or inline. */
@ExtendWith(NoLeaks.class)
class FinalSendTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";
    private static final byte[] HEAD = "<head>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "<tail>".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path workspace;

    private byte[] content;
    private Path file;

    @BeforeEach
    void createFile() throws Exception
    {
        content = new byte[300_000];
        new Random(11).nextBytes(content);
        file = Files.write(workspace.resolve("region.bin"), content);
    }

    /** Sends the region after a header of its own (chunked: it declares no length), and reports what the handle did afterwards. */
    private static Extension chunkedFinalSend(final Path file, final LinkedBlockingQueue<String> after)
    {
        return ecb ->
        {
            ecb.sendResponseHeader(200, "X-Thread: " + Thread.currentThread().getName() + "\r\n");
            ecb.transmitFile(new FileTransmission(file, 1000, 200_000, HEAD, TAIL, "close".equals(ecb.query())).asFinalSend());
            try
            {
                ecb.writeClient(new byte[1], 0, 1);
                after.add("write allowed");
            }
            catch (final IllegalStateException ex)
            {
                after.add(ex.getMessage().contains("after its request ended") ? "stale" : ex.getMessage());
            }
            return ExtensionStatus.PENDING;
        };
    }

    @NonBlocking
    static final class InlineFinalSend implements Extension
    {
        private final Path file;

        InlineFinalSend(final Path file)
        {
            this.file = file;
        }

        @Override
        public ExtensionStatus handle(final ExtensionControlBlock ecb)
        {
            ecb.sendResponseHeader(200, "Content-Length: 100\r\nX-Thread: " + Thread.currentThread().getName() + "\r\n");
            ecb.transmitFile(FileTransmission.region(file, 0, 100).asFinalSend());
            return ExtensionStatus.PENDING;
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldEndTheRequestAsTheSendStartsAndSendEveryByteChunked(final TransportKind transport) throws Exception
    {
        final LinkedBlockingQueue<String> after = new LinkedBlockingQueue<>();
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map.map("/final", chunkedFinalSend(file, after)));
            RawClient client = new RawClient(server.port()))
        {
            for (int i = 0; i < 3; i++)
            {
                final RawClient.Response response = client.get("/final").read();
                assertEquals("chunked", response.header("Transfer-Encoding"));
                assertTrue(response.header("X-Thread").startsWith("ecbd-worker-"), response.header("X-Thread"));
                final ByteArrayOutputStream expected = new ByteArrayOutputStream();
                expected.writeBytes(HEAD);
                expected.write(content, 1000, 200_000);
                expected.writeBytes(TAIL);
                assertArrayEquals(expected.toByteArray(), response.body());
                assertEquals("stale", after.poll(10, TimeUnit.SECONDS), "the handle is stale once the final send started");
            }
            assertEquals(200, client.send("HEAD /final HTTP/1.1\r\nHost: t\r\n\r\n").readHead().status());
            assertEquals("Hello, World!", client.get("/plaintext").read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldCloseTheConnectionAfterAFinalSendThatAsksIt(final TransportKind transport) throws Exception
    {
        final LinkedBlockingQueue<String> after = new LinkedBlockingQueue<>();
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map.map("/final", chunkedFinalSend(file, after)));
            RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response response = client.get("/final?close").read();
            assertEquals("close", response.header("Connection"));
            assertEquals(200_000 + HEAD.length + TAIL.length, response.body().length);
            assertTrue(client.closedByServer());
            server.awaitPoolIdle();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldLetAnInlineExtensionEndWithAFinalSendOnItsIoThread(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map.map("/inline-final", new InlineFinalSend(file)));
            RawClient client = new RawClient(server.port()))
        {
            client.send("GET /inline-final HTTP/1.1\r\nHost: t\r\n\r\n".repeat(4));
            for (int i = 0; i < 4; i++)
            {
                final RawClient.Response response = client.read();
                assertTrue(response.header("X-Thread").startsWith("ecbd-io-"), response.header("X-Thread"));
                assertArrayEquals(java.util.Arrays.copyOf(content, 100), response.body());
            }
            assertEquals("Hello, World!", client.get("/plaintext").read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldRefuseAFinalSendOutsideItsFileAndLeaveTheRequestToTheExtension(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map.map("/outside", ecb ->
            {
                try
                {
                    ecb.transmitFile(FileTransmission.region(file, 299_999, 2).asFinalSend());
                    return ExtensionStatus.PENDING;
                }
                catch (final IllegalArgumentException ex)
                {
                    final byte[] reason = ex.getMessage().getBytes(StandardCharsets.UTF_8);
                    ecb.sendResponseHeader(416, "");
                    ecb.writeClient(reason, 0, reason.length);
                    return ExtensionStatus.SUCCESS;
                }
            }));
            RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response response = client.get("/outside").read();
            assertEquals(416, response.status());
            assertTrue(response.text().contains("lies outside"), response.text());
            assertEquals("Hello, World!", client.get("/plaintext").read().text());
            server.awaitPoolIdle();
        }
    }
}
