package dev.ecbd.server;

import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@ExtendWith(NoLeaks.class)
class StaticFilesTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";
    private static final int[] SIZES = {0, 1, 4096, 1 << 20, 64 << 20};

    @TempDir
    static Path workspace;
    static Path docroot;

    @BeforeAll
    static void createFiles() throws IOException
    {
        docroot = Files.createDirectories(workspace.resolve("site"));
        final Random random = new Random(7);
        for (final int size : SIZES)
        {
            final byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Files.write(docroot.resolve("file-" + size + ".bin"), bytes);
        }
        Files.writeString(docroot.resolve("index.html"), "<h1>home</h1>\n");
        Files.createDirectories(docroot.resolve("docs"));
        Files.writeString(docroot.resolve("docs/index.html"), "<h1>docs</h1>\n");
        Files.writeString(docroot.resolve("style.css"), "body{}\n");
        Files.writeString(workspace.resolve("secret.txt"), "outside the root\n");
        Files.createSymbolicLink(docroot.resolve("escape.txt"), workspace.resolve("secret.txt"));
        Files.createSymbolicLink(docroot.resolve("escape-dir"), workspace);
        Files.createSymbolicLink(docroot.resolve("inside.css"), docroot.resolve("style.css"));
        Files.createSymbolicLink(docroot.resolve("docs-link"), docroot.resolve("docs"));
    }

    /**
     * Small files go out corked behind their heads: many pipelined at once arrive whole and in
     * order, and a client that resets the connection while they are being written leaves the
     * server serving and every ECB back in the pool.
     */
    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldSendPipelinedSmallFilesWholeAndSurviveAResetWhileCorked(final TransportKind transport) throws Exception
    {
        final byte[] expected = Files.readAllBytes(docroot.resolve("file-4096.bin"));
        final String request = "GET /file-4096.bin HTTP/1.1\r\nHost: t\r\n\r\n";
        try (TestServer server = TestServer.withDocroot(transport, docroot))
        {
            try (RawClient client = new RawClient(server.port()))
            {
                client.send(request.repeat(32));
                for (int i = 0; i < 32; i++)
                {
                    final RawClient.Response response = client.read();
                    assertEquals(200, response.status());
                    assertArrayEquals(expected, response.body(), "response " + i);
                }
            }
            try (Socket socket = new Socket("127.0.0.1", server.port()))
            {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.repeat(64).getBytes(StandardCharsets.US_ASCII));
                assertEquals('H', socket.getInputStream().read(), "the first response begins; the rest are in flight");
                socket.setSoLinger(true, 0);
            }
            server.awaitNoConnections();
            server.awaitPoolIdle();
            try (RawClient client = new RawClient(server.port()))
            {
                assertArrayEquals(expected, client.get("/file-4096.bin").read().body());
            }
        }
    }

    /**
     * A large file goes out by the I/O thread's own {@code sendfile} as far as the socket takes it
     * (64 MiB never fit), its rest through the channel; a file asked for behind it waits its turn,
     * and one asked for on the idle connection afterwards goes out directly again. A client that
     * resets the connection in the middle of a large file leaves every ECB and buffer returned.
     */
    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldSendLargeFilesInOrderWhateverPartTheSocketTakesAtOnce(final TransportKind transport) throws Exception
    {
        final byte[] large = Files.readAllBytes(docroot.resolve("file-" + (64 << 20) + ".bin"));
        final byte[] medium = Files.readAllBytes(docroot.resolve("file-" + (1 << 20) + ".bin"));
        final String get = "GET /file-%d.bin HTTP/1.1\r\nHost: t\r\n%s\r\n";
        try (TestServer server = TestServer.withDocroot(transport, docroot))
        {
            try (RawClient client = new RawClient(server.port()))
            {
                client.send(get.formatted(64 << 20, "") + get.formatted(1 << 20, "") + get.formatted(64 << 20, "Range: bytes=1000-\r\n"));
                assertEquals(sha256(large), sha256(client.read().body()));
                assertEquals(sha256(medium), sha256(client.read().body()));
                assertEquals(sha256(Arrays.copyOfRange(large, 1000, large.length)), sha256(client.read().body()));
                assertEquals(sha256(medium), sha256(client.get("/file-" + (1 << 20) + ".bin").read().body()));
            }
            try (Socket socket = new Socket("127.0.0.1", server.port()))
            {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(get.formatted(64 << 20, "").getBytes(StandardCharsets.US_ASCII));
                assertEquals('H', socket.getInputStream().read(), "the response begins; most of the file is still to go");
                socket.setSoLinger(true, 0);
            }
            server.awaitNoConnections();
            server.awaitPoolIdle();
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldSendEveryFileByteIdenticalWholeAndByRange(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.withDocroot(transport, docroot); RawClient client = new RawClient(server.port()))
        {
            for (final int size : SIZES)
            {
                final byte[] expected = Files.readAllBytes(docroot.resolve("file-" + size + ".bin"));
                final RawClient.Response whole = client.get("/file-" + size + ".bin").read();
                assertEquals(200, whole.status());
                assertEquals(String.valueOf(size), whole.header("Content-Length"));
                assertEquals("application/octet-stream", whole.header("Content-Type"));
                assertEquals("bytes", whole.header("Accept-Ranges"));
                assertEquals(sha256(expected), sha256(whole.body()), "file of " + size + " bytes");
                if (size > 1)
                {
                    final int first = size / 3;
                    final int last = size - size / 4;
                    final RawClient.Response part = client.send("GET /file-" + size + ".bin HTTP/1.1\r\nHost: t\r\nRange: bytes=" + first + "-" + last + "\r\n\r\n").read();
                    assertEquals(206, part.status());
                    assertEquals("bytes " + first + "-" + last + "/" + size, part.header("Content-Range"));
                    assertEquals(sha256(Arrays.copyOfRange(expected, first, last + 1)), sha256(part.body()));
                    final RawClient.Response suffix = client.send("GET /file-" + size + ".bin HTTP/1.1\r\nHost: t\r\nRange: bytes=-1\r\n\r\n").read();
                    assertArrayEquals(new byte[] {expected[size - 1]}, suffix.body());
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldWriteImfFixdateAndReadAllThreeDateForms(final TransportKind transport) throws Exception
    {
        // RFC 9110 §5.6.7: IMF-fixdate on output (two-digit day); IMF-fixdate, RFC 850 and asctime accepted on input.
        final Pattern imfFixdate = Pattern.compile("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        try (TestServer server = TestServer.withDocroot(transport, docroot); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response first = client.get("/file-4096.bin").read();
            assertTrue(imfFixdate.matcher(first.header("Date")).matches(), first.header("Date"));
            assertTrue(imfFixdate.matcher(first.header("Last-Modified")).matches(), first.header("Last-Modified"));
            final ZonedDateTime modified = ZonedDateTime.parse(first.header("Last-Modified"),
                DateTimeFormatter.RFC_1123_DATE_TIME);
            final String rfc850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US).format(modified);
            final String asctime = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).format(modified);
            for (final String since : new String[] {first.header("Last-Modified"), rfc850, asctime})
            {
                assertEquals(304, client.send("GET /file-4096.bin HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: " + since + "\r\n\r\n").read().status(), since);
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAnswerConditionalAndRangeEdgeCases(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.withDocroot(transport, docroot); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response first = client.get("/file-4096.bin").read();
            final String etag = first.header("ETag");
            final String lastModified = first.header("Last-Modified");
            assertNotNull(etag);
            assertNotNull(lastModified);
            assertEquals(304, client.send("GET /file-4096.bin HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"x\", " + etag + "\r\n\r\n").read().status());
            assertEquals(200, client.send("GET /file-4096.bin HTTP/1.1\r\nHost: t\r\nIf-None-Match: \"other\"\r\n\r\n").read().status());
            assertEquals(304, client.send("GET /file-4096.bin HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: " + lastModified + "\r\n\r\n").read().status());
            assertEquals(200, client.send("GET /file-4096.bin HTTP/1.1\r\nHost: t\r\nIf-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n\r\n").read().status());

            final RawClient.Response unsatisfiable = client.send("GET /file-4096.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=4096-\r\n\r\n").read();
            assertEquals(416, unsatisfiable.status());
            assertEquals("bytes */4096", unsatisfiable.header("Content-Range"));
            final RawClient.Response several = client.send("GET /file-4096.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=0-1,5-6\r\n\r\n").read();
            assertEquals(200, several.status());
            assertEquals(4096, several.body().length);
            assertEquals(200, client.send("GET /file-4096.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=0-1\r\nIf-Range: \"stale\"\r\n\r\n").read().status());
            assertEquals(206, client.send("GET /file-4096.bin HTTP/1.1\r\nHost: t\r\nRange: bytes=0-1\r\nIf-Range: " + etag + "\r\n\r\n").read().status());
            assertEquals(200, client.send("GET /file-4096.bin HTTP/1.1\r\nHost: t\r\nRange: lines=1-2\r\n\r\n").read().status());

            final RawClient.Response head = client.send("HEAD /file-1048576.bin HTTP/1.1\r\nHost: t\r\n\r\n").readHead();
            assertEquals("1048576", head.header("Content-Length"));
            assertEquals(null, head.header("Connection"));
            assertEquals(405, client.send("DELETE /file-1.bin HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            assertEquals("text/css; charset=utf-8", client.get("/style.css").read().header("Content-Type"));
            assertEquals("<h1>home</h1>\n", client.get("/").read().text());
            assertEquals("<h1>docs</h1>\n", client.get("/docs/").read().text());
            final RawClient.Response redirect = client.get("/docs").read();
            assertEquals(301, redirect.status());
            assertEquals("/docs/", redirect.header("Location"));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldNeverServeAnythingOutsideTheRoot(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.withDocroot(transport, docroot); RawClient client = new RawClient(server.port()))
        {
            for (final String path : new String[] {"/../secret.txt", "/docs/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2fsecret.txt",
                "/docs%2f..%2f..%2fsecret.txt", "/..%5csecret.txt", "/file-1.bin%00.html", "/./index.html"})
            {
                final RawClient.Response response = client.get(path).read();
                assertEquals(404, response.status(), path);
            }
            assertEquals(403, client.get("/escape.txt").read().status());
            assertEquals(403, client.get("/escape-dir/secret.txt").read().status());
            assertEquals("body{}\n", client.get("/inside.css").read().text());
            assertEquals("<h1>docs</h1>\n", client.get("/docs-link/").read().text());
            assertEquals("<h1>docs</h1>\n", client.get("/docs-link/index.html").read().text());
            assertEquals(400, client.get("/%zz").read().status());
            assertEquals(200, client.get("/file-1.bin").read().status());
        }
    }

    private static String sha256(final byte[] bytes) throws Exception
    {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
