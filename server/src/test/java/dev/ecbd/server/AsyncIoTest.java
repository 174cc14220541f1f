package dev.ecbd.server;

import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.IoErrors;
import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeaks.class)
class AsyncIoTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";

    @TempDir
    Path workspace;

    /** 64 MiB of random bytes, written once for the class. */
    private static Path bigFile;

    @BeforeAll
    static void writeBigFile(@TempDir final Path dir) throws IOException
    {
        final byte[] content = new byte[64 << 20];
        new Random(5).nextBytes(content);
        bigFile = Files.write(dir.resolve("big.bin"), content);
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldStreamChunksEachStartedFromThePreviousCompletion(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response response = client.get("/demo/stream?chunks=200").read();
            assertEquals(200, response.status());
            assertEquals("chunked", response.header("Transfer-Encoding"));
            final String[] lines = response.text().split("\n");
            assertEquals(200, lines.length);
            assertEquals("chunk 200 of 200", lines[199]);
            assertEquals(400, client.get("/demo/stream?chunks=0").read().status());
            assertEquals("Hello, World!", client.get("/plaintext").read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAllowOneAsyncOperationAtATimeAndRequireACallback(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map
            .map("/no-callback", ecb ->
            {
                final IllegalStateException failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> ecb.writeClientAsync(new byte[1], 0, 1));
                final byte[] body = failure.getMessage().getBytes(StandardCharsets.UTF_8);
                ecb.writeClient(body, 0, body.length);
                return ExtensionStatus.SUCCESS;
            })
            .map("/twice", ecb ->
            {
                final StringBuilder seen = new StringBuilder();
                ecb.ioCompletion((e, context, bytes, error) -> seen.append(" replaced callback called"), null);
                ecb.ioCompletion((e, context, bytes, error) ->
                {
                    seen.append(" completed ").append(bytes).append(' ').append(IoErrors.name(error));
                    final byte[] report = seen.toString().getBytes(StandardCharsets.UTF_8);
                    e.writeClient(report, 0, report.length);
                    e.doneWithSession(ExtensionStatus.SUCCESS);
                }, null);
                ecb.writeClientAsync("first".getBytes(StandardCharsets.US_ASCII), 0, 5);
                try
                {
                    ecb.writeClientAsync("second".getBytes(StandardCharsets.US_ASCII), 0, 6);
                    seen.append(" second allowed");
                }
                catch (final IllegalStateException ex)
                {
                    seen.append(" second refused: ").append(ex.getMessage().contains("already in flight"));
                }
                return ExtensionStatus.PENDING;
            }));
            RawClient client = new RawClient(server.port()))
        {
            assertTrue(client.get("/no-callback").read().text().contains("register an I/O completion callback"));
            assertEquals("first second refused: true completed 5 NONE", client.get("/twice").read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldTransmitAFileRegionWithHeadAndTailChunkedWhenNoLengthIsDeclared(final TransportKind transport) throws Exception
    {
        final byte[] content = new byte[300_000];
        new Random(3).nextBytes(content);
        final Path file = Files.write(workspace.resolve("region.bin"), content);
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map
            .map("/region", ecb ->
            {
                ecb.sendResponseHeader(200, "Content-Type: application/octet-stream\r\n");
                ecb.writeClient("sync|".getBytes(StandardCharsets.US_ASCII), 0, 5);
                ecb.ioCompletion((e, context, bytes, error) ->
                {
                    final byte[] report = ("|" + bytes + "|" + IoErrors.name(error)).getBytes(StandardCharsets.US_ASCII);
                    e.writeClient(report, 0, report.length);
                    e.doneWithSession(ExtensionStatus.SUCCESS);
                }, null);
                ecb.transmitFile(new FileTransmission(file, 1000, 200_000, "<head>".getBytes(StandardCharsets.US_ASCII),
                    "<tail>".getBytes(StandardCharsets.US_ASCII), false));
                return ExtensionStatus.PENDING;
            }));
            RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response response = client.get("/region").read();
            assertEquals("chunked", response.header("Transfer-Encoding"));
            final byte[] body = response.body();
            final java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            expected.writeBytes("sync|<head>".getBytes(StandardCharsets.US_ASCII));
            expected.write(content, 1000, 200_000);
            expected.writeBytes(("<tail>|" + (200_000 + 12) + "|NONE").getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(expected.toByteArray(), body);
            assertEquals("Hello, World!", client.get("/plaintext").read().text());
        }
    }

    /**
     * A large file named by path goes out by the I/O thread's own {@code sendfile} as far as the
     * socket takes it at once (64 MiB never fit), its rest through the channel; the one completion
     * reports every byte.
     */
    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldTransmitALargeFileWholeAndCompleteOnceWithEveryByte(final TransportKind transport) throws Exception
    {
        final byte[] content = Files.readAllBytes(bigFile);
        final LinkedBlockingQueue<long[]> completions = new LinkedBlockingQueue<>();
        try (TestServer server = transmitting(transport, completions); RawClient client = new RawClient(server.port()))
        {
            assertArrayEquals(content, client.get("/big").read().body());
            assertArrayEquals(new long[] {content.length, IoErrors.NONE}, completions.poll(30, TimeUnit.SECONDS));
            server.awaitPoolIdle();
            assertNull(completions.poll());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldReportADisconnectDuringATransmitOnceAndRecycleTheEcb(final TransportKind transport) throws Exception
    {
        final LinkedBlockingQueue<long[]> completions = new LinkedBlockingQueue<>();
        try (TestServer server = transmitting(transport, completions))
        {
            try (Socket socket = new Socket("127.0.0.1", server.port()))
            {
                socket.setReceiveBufferSize(4096);
                socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                final InputStream in = socket.getInputStream();
                assertEquals(65536, in.readNBytes(65536).length);
                socket.setSoLinger(true, 0);
            }
            final long[] completion = completions.poll(30, TimeUnit.SECONDS);
            assertNotEquals(null, completion, "no completion after the client went away");
            assertEquals(IoErrors.CLIENT_DISCONNECTED, completion[1]);
            server.awaitPoolIdle();
            assertNull(completions.poll());
        }
    }

    /** A server whose {@code /big} transmits {@link #bigFile} whole, asynchronously, and reports each completion's bytes and error. */
    private static TestServer transmitting(final TransportKind transport, final LinkedBlockingQueue<long[]> completions) throws Exception
    {
        final long length = Files.size(bigFile);
        return TestServer.start(transport, config -> { }, map -> map
            .map("/big", ecb ->
            {
                ecb.sendResponseHeader(200, "Content-Length: " + length + "\r\n");
                ecb.ioCompletion((e, context, bytes, error) ->
                {
                    completions.add(new long[] {bytes, error});
                    e.doneWithSession(error == IoErrors.NONE ? ExtensionStatus.SUCCESS : ExtensionStatus.ERROR);
                }, null);
                ecb.transmitFile(FileTransmission.of(bigFile));
                return ExtensionStatus.PENDING;
            }));
    }
}
