package dev.ecbd.server;

import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.IoErrors;
import dev.ecbd.transport.ClientFault;
import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeaks.class)
class RequestBodyTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldDechunkRequestBodiesWithExtensionsAndTrailers(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\nA ; x = \"y\"\r\n0123456789\r\n0\r\nX-Checksum: 1\r\n\r\n");
            final RawClient.Response response = client.read();
            assertEquals("hello 0123456789", response.text());
            assertEquals("Hello, World!", client.get("/plaintext").read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldReadTheWholeBodyOfARequestThatClosesTheConnection(final TransportKind transport) throws Exception
    {
        // NOTE: RFC 9112 §9.6: Connection: close ends the connection after this response, not the
        // request's body; a body longer than the read-ahead still has to be read from the socket.
        for (final int size : new int[] {100 * 1024, 3 << 20})
        {
            final byte[] body = new byte[size];
            for (int i = 0; i < body.length; i++)
            {
                body[i] = (byte)('a' + i % 26);
            }
            final String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            for (final String request : new String[] {"HTTP/1.1\r\nHost: t\r\nConnection: close\r\n", "HTTP/1.0\r\n"})
            {
                try (TestServer server = TestServer.start(transport);
                     RawClient echo = new RawClient(server.port());
                     RawClient upload = new RawClient(server.port()))
                {
                    final String what = size + " bytes, " + request.strip();
                    echo.send("POST /echo " + request + "Content-Length: " + size + "\r\n\r\n").send(body);
                    final RawClient.Response echoed = echo.read();
                    assertEquals(200, echoed.status(), what);
                    assertEquals(new String(body, StandardCharsets.US_ASCII), echoed.text(), what);
                    assertTrue(echo.closedByServer());
                    upload.send("POST /demo/upload " + request + "Content-Length: " + size + "\r\n\r\n").send(body);
                    assertEquals("{\"bytes\":" + size + ",\"sha256\":\"" + sha256 + "\"}\n", upload.read().text(), what);
                    assertTrue(upload.closedByServer());
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAnswer400ToAMalformedChunkedBodyAndClose(final TransportKind transport) throws Exception
    {
        // RFC 9112 §7.1: a malformed chunked body is the client's error (400), and the framing is lost, so the connection closes.
        // The cases: bad hex, a sign, a 0x prefix, a bare LF, a bare CR, data without its CRLF, a control byte and a missing
        // name in an extension (§7.1.1), a size that overflows; on /echo (asynchronous reads) and /sync-read (synchronous).
        for (final String path : new String[] {"/echo", "/sync-read"})
        {
            for (final String body : new String[] {"zz\r\nabc\r\n0\r\n\r\n", "-3\r\nabc\r\n0\r\n\r\n", "0x3\r\nabc\r\n0\r\n\r\n",
                "3\nabc\r\n0\r\n\r\n", "3\rabc\r\n0\r\n\r\n", "3\r\nabcX\r\n0\r\n\r\n", "3;a\u0001b\r\nabc\r\n0\r\n\r\n",
                "3;=b\r\nabc\r\n0\r\n\r\n", "1000000000000000\r\n"})
            {
                try (TestServer server = TestServer.start(transport, config -> { }, map -> map.map("/sync-read", new SyncReader()));
                     RawClient client = new RawClient(server.port()))
                {
                    client.send("POST " + path + " HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
                    final RawClient.Response response = client.read();
                    assertEquals(400, response.status(), path + " " + body);
                    assertEquals("close", response.header("Connection"));
                    assertTrue(client.closedByServer());
                    assertEquals(1, server.server().clientFaults(ClientFault.MALFORMED_BODY));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAnswer413ToAChunkedBodyOverTheLimit(final TransportKind transport) throws Exception
    {
        // RFC 9110 §15.5.14: a body larger than the server accepts, found while de-chunking it.
        try (TestServer server = TestServer.start(transport, config -> config.http().maxBodySize(1000), map -> { });
             RawClient client = new RawClient(server.port()))
        {
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + "x".repeat(1000) + "\r\n1\r\n");
            final RawClient.Response response = client.read();
            assertEquals(413, response.status());
            assertTrue(client.closedByServer());
            assertEquals(1, server.server().clientFaults(ClientFault.BODY_TOO_LARGE));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAnswerContinueOnlyWhenTheExtensionReads(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response response = client.send("POST /plaintext HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n").read();
            assertEquals(200, response.status());
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByServer());
        }
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            assertEquals(100, client.send("POST /demo/upload HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n").read().status());
            final RawClient.Response response = client.send("abc").read();
            assertTrue(response.text().contains("\"bytes\":3,"), response.text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldReportAClientThatLeavesMidBodyOnce(final TransportKind transport) throws Exception
    {
        final LinkedBlockingQueue<String> completions = new LinkedBlockingQueue<>();
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map
            .map("/read", ecb ->
            {
                final byte[] buffer = new byte[1024];
                ecb.ioCompletion((e, context, bytes, error) ->
                {
                    if (bytes > 0)
                    {
                        e.readClientAsync(buffer, 0, buffer.length);
                        return;
                    }
                    completions.add(IoErrors.name(error));
                    e.doneWithSession(ExtensionStatus.ERROR);
                }, null);
                ecb.readClientAsync(buffer, 0, buffer.length);
                return ExtensionStatus.PENDING;
            })))
        {
            try (Socket socket = new Socket("127.0.0.1", server.port()))
            {
                final byte[] partial = new byte[200_000];
                socket.getOutputStream().write(("POST /read HTTP/1.1\r\nHost: t\r\nContent-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(partial);
                socket.getOutputStream().flush();
            }
            assertEquals("CLIENT_DISCONNECTED", completions.poll(30, TimeUnit.SECONDS));
            server.awaitPoolIdle();
            assertNull(completions.poll());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldStreamA100MiBUploadToASlowReaderInBoundedMemory(final TransportKind transport) throws Exception
    {
        final long size = 100L << 20;
        final AtomicLong peakDirect = new AtomicLong();
        // NOTE: the server keeps request bytes only in Netty buffers (the extension's own array
        // aside), so their peak bounds what the upload costs the server in heap and direct memory.
        final ByteBufAllocatorMetricProvider allocator = (ByteBufAllocatorMetricProvider)ByteBufAllocator.DEFAULT;
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map
            .map("/slow", ecb ->
            {
                final byte[] small = new byte[8192];
                final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                final long[] total = {0};
                for (int from = 0; from < ecb.availableBodyLength(); )
                {
                    final int copied = ecb.copyAvailableBody(from, small, 0, small.length);
                    sha256.update(small, 0, copied);
                    total[0] += copied;
                    from += copied;
                }
                ecb.ioCompletion((e, context, bytes, error) ->
                {
                    if (error != IoErrors.NONE)
                    {
                        e.doneWithSession(ExtensionStatus.ERROR);
                        return;
                    }
                    if (bytes == 0)
                    {
                        final byte[] answer = (total[0] + " " + HexFormat.of().formatHex(sha256.digest())).getBytes(StandardCharsets.US_ASCII);
                        e.sendResponseHeader(200, "");
                        e.writeClient(answer, 0, answer.length);
                        e.doneWithSession(ExtensionStatus.SUCCESS);
                        return;
                    }
                    sha256.update(small, 0, (int)bytes);
                    if (((total[0] += bytes) & 0xFFFFF) < small.length)
                    {
                        peakDirect.accumulateAndGet(allocator.metric().usedDirectMemory() + allocator.metric().usedHeapMemory(), Math::max);
                    }
                    e.readClientAsync(small, 0, small.length);
                }, null);
                ecb.readClientAsync(small, 0, small.length);
                return ExtensionStatus.PENDING;
            }));
            RawClient client = new RawClient(server.port()))
        {
            final MessageDigest expected = MessageDigest.getInstance("SHA-256");
            final CompletableFuture<Void> upload = CompletableFuture.runAsync(() ->
            {
                try
                {
                    client.send("POST /slow HTTP/1.1\r\nHost: t\r\nContent-Length: " + size + "\r\n\r\n");
                    final byte[] block = new byte[1 << 16];
                    for (long sent = 0; sent < size; sent += block.length)
                    {
                        block[(int)(sent / block.length) % block.length]++;
                        expected.update(block);
                        client.send(block);
                    }
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            });
            final String answer = client.read().text();
            upload.get(120, TimeUnit.SECONDS);
            assertTrue(answer.endsWith(size + " " + HexFormat.of().formatHex(expected.digest())), answer);
            System.out.printf("%s: 100 MiB upload read 8 KiB at a time; Netty buffers (direct and heap) in use peaked at %.1f MiB%n",
                transport.label(), peakDirect.get() / 1048576.0);
            assertTrue(peakDirect.get() < 32L << 20, "Netty buffers in use peaked at " + peakDirect.get() + " bytes");
        }
    }
}
