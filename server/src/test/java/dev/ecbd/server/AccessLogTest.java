package dev.ecbd.server;

import dev.ecbd.server.accesslog.AccessLogFormat;
import dev.ecbd.server.accesslog.AccessLogSettings;
import dev.ecbd.testing.ExpectedWarnings;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import dev.ecbd.transport.TransportKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access log's lines, parsed back: one per response, extension's or server's own, in either format. */
@ExtendWith(NoLeaks.class)
class AccessLogTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";
    private static final Pattern COMBINED = Pattern.compile(
        "(\\S+) - - \\[(\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000)] \"(.*?)\" (\\d{3}) (\\d+|-) \"(.*?)\" \"(.*?)\"");
    private static final Pattern JSON_FIELD = Pattern.compile("\"(\\w+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|-?\\d+)");

    @RegisterExtension
    final ExpectedWarnings warnings = new ExpectedWarnings("dev.ecbd");

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldWriteACombinedLinePerResponseAsLogToolsReadIt(final TransportKind transport) throws Exception
    {
        final List<String> lines = serveAndLog(transport, AccessLogFormat.COMBINED);
        assertEquals(4, lines.size(), lines::toString);
        assertCombined(lines.get(0), "GET /plaintext?a=1 HTTP/1.1", "200", "13", "http://example.test/", "agent \\x22quoted\\x22");
        assertCombined(lines.get(1), "POST /echo HTTP/1.1", "200", "5", "-", "-");
        assertCombined(lines.get(2), "HEAD /nothing HTTP/1.1", "404", "-", "-", "-");
        assertCombined(lines.get(3), "-", "400", "-", "-", "-");
    }

    @Test
    void shouldWriteAJsonObjectPerResponseWithTheDurationAndTheWorker() throws Exception
    {
        final List<String> lines = serveAndLog(TransportKind.NIO, AccessLogFormat.JSON);
        assertEquals(4, lines.size(), lines::toString);
        final Map<String, String> first = json(lines.get(0));
        assertEquals(Map.of("remote", "127.0.0.1", "method", "GET", "target", "/plaintext?a=1", "protocol", "HTTP/1.1", "status", "200", "bytes", "13",
            "referer", "http://example.test/", "user_agent", "agent \"quoted\""), without(first, "time", "duration_us", "worker"));
        assertTrue(Instant.parse(first.get("time")).isAfter(Instant.now().minusSeconds(60)), first.get("time"));
        assertTrue(Long.parseLong(first.get("duration_us")) >= 0, first.get("duration_us"));
        assertTrue(List.of("0", "1").contains(first.get("worker")), first.get("worker"));
        final Map<String, String> refused = json(lines.get(3));
        assertEquals("400", refused.get("status"));
        assertEquals("-1", refused.get("worker"));
        assertEquals("", refused.get("method"));
    }

    /** Serves four requests (one malformed), stops the server so that the log is flushed, and reads the lines. */
    private List<String> serveAndLog(final TransportKind transport, final AccessLogFormat format) throws Exception
    {
        final Path file = dir.resolve("access.log");
        try (TestServer server = TestServer.start(transport, config -> config.accessLog(new AccessLogSettings(file, format, 1 << 16)), map -> { }))
        {
            try (RawClient client = new RawClient(server.port()))
            {
                client.send("GET /plaintext?a=1 HTTP/1.1\r\nHost: t\r\nReferer: http://example.test/\r\nUser-Agent: agent \"quoted\"\r\n\r\n");
                assertEquals(200, client.read().status());
                client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
                assertEquals(200, client.read().status());
                client.send("HEAD /nothing HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(404, client.readHead().status());
            }
            try (RawClient client = new RawClient(server.port()))
            {
                client.send("NOT HTTP\r\n\r\n");
                assertEquals(400, client.read().status());
            }
        }
        return Files.readAllLines(file);
    }

    private static void assertCombined(final String line, final String request, final String status, final String bytes, final String referer,
        final String userAgent)
    {
        final Matcher fields = COMBINED.matcher(line);
        assertTrue(fields.matches(), line);
        assertEquals(List.of("127.0.0.1", request, status, bytes, referer, userAgent),
            List.of(fields.group(1), fields.group(3), fields.group(4), fields.group(5), fields.group(6), fields.group(7)), line);
    }

    private static Map<String, String> json(final String line)
    {
        assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        final Map<String, String> fields = new HashMap<>();
        final Matcher field = JSON_FIELD.matcher(line);
        while (field.find())
        {
            fields.put(field.group(1), field.group(3) != null ? field.group(3).replace("\\\"", "\"").replace("\\\\", "\\") : field.group(2));
        }
        assertEquals(11, fields.size(), line);
        return fields;
    }

    private static Map<String, String> without(final Map<String, String> fields, final String... names)
    {
        final Map<String, String> rest = new HashMap<>(fields);
        for (final String name : names)
        {
            rest.remove(name);
        }
        return rest;
    }
}
