package dev.ecbd.server;

import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed, oversized and smuggling-shaped requests, as raw bytes: a clear status, then a close. */
@ExtendWith(NoLeaks.class)
class HttpLimitsTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";
    private static final String LONG = "a".repeat(9000);

    static Stream<Arguments> badRequests()
    {
        final List<Arguments> cases = List.of(
            Arguments.of("bare LF", "GET /plaintext HTTP/1.1\nHost: t\n\n", 400),
            Arguments.of("bare LF in a header", "GET /plaintext HTTP/1.1\r\nHost: t\nX: y\r\n\r\n", 400),
            Arguments.of("bare CR in a header", "GET /plaintext HTTP/1.1\r\nHost: t\r\nX: a\rb\r\n\r\n", 400),
            Arguments.of("Content-Length with Transfer-Encoding", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            Arguments.of("two Content-Lengths", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400),
            Arguments.of("Content-Length list", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 3\r\n\r\nabc", 400),
            Arguments.of("signed Content-Length", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: +3\r\n\r\nabc", 400),
            Arguments.of("unknown transfer coding before chunked (RFC 9112 §6.1)", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
            Arguments.of("a coding list without chunked last (RFC 9112 §6.3)", "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
            Arguments.of("space before colon", "GET /plaintext HTTP/1.1\r\nHost : t\r\n\r\n", 400),
            Arguments.of("obsolete line folding", "GET /plaintext HTTP/1.1\r\nHost: t\r\nX: a\r\n  b\r\n\r\n", 400),
            Arguments.of("NUL in a header value", "GET /plaintext HTTP/1.1\r\nHost: t\r\nX: a\u0000b\r\n\r\n", 400),
            Arguments.of("control byte in the target", "GET /plain\u0001text HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            Arguments.of("no Host", "GET /plaintext HTTP/1.1\r\n\r\n", 400),
            Arguments.of("two Hosts", "GET /plaintext HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            Arguments.of("HTTP/2.0", "GET /plaintext HTTP/2.0\r\nHost: t\r\n\r\n", 505),
            Arguments.of("garbage version", "GET /plaintext HTTQ/1.1\r\nHost: t\r\n\r\n", 400),
            Arguments.of("no target", "GET  HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            Arguments.of("relative target", "GET plaintext HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            Arguments.of("long target", "GET /" + LONG + " HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            Arguments.of("long head", "GET /plaintext HTTP/1.1\r\nHost: t\r\n" + ("X-Filler: " + "b".repeat(1000) + "\r\n").repeat(17) + "\r\n", 431),
            Arguments.of("too many fields", "GET /plaintext HTTP/1.1\r\nHost: t\r\n" + "X: y\r\n".repeat(100) + "\r\n", 431),
            Arguments.of("body too large", "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000000000\r\n\r\n", 413),
            Arguments.of("unknown expectation", "GET /plaintext HTTP/1.1\r\nHost: t\r\nExpect: teapot\r\n\r\n", 417));
        return Transports.available().flatMap(transport -> cases.stream().map(c -> Arguments.of(transport, c.get()[0], c.get()[1], c.get()[2])));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badRequests")
    void shouldRejectWithAStatusAndClose(final TransportKind transport, final String what, final String request, final int status) throws Exception
    {
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response response = client.send(request).read();
            assertEquals(status, response.status(), what);
            assertEquals("close", response.header("Connection"));
            assertTrue(client.closedByServer(), "connection left open after " + what);
        }
    }


    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAnswerEarlierPipelinedRequestsBeforeRejectingABadOne(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: t\r\n\r\nGET /x HTTP/1.1\nHost: t\r\n\r\n");
            assertEquals(200, client.read().status());
            assertEquals(200, client.read().status());
            assertEquals(400, client.read().status());
            assertTrue(client.closedByServer());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAcceptARequestHeadArrivingByteByByte(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            for (final char c : "\r\nGET /plaintext HTTP/1.1\r\nHost: t\r\nX-Long:   spaced value   \r\n\r\n".toCharArray())
            {
                client.send(String.valueOf(c));
            }
            assertEquals("Hello, World!", client.read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAnswer408WhenAHeadNeverCompletes(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport, config -> config.http().headTimeout(Duration.ofMillis(300)), map -> { });
            RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response response = client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\n").read();
            assertEquals(408, response.status());
            assertTrue(client.closedByServer());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldCloseAnIdleKeepAliveConnection(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport, config -> config.http().idleTimeout(Duration.ofMillis(300)), map -> { });
            RawClient client = new RawClient(server.port()))
        {
            assertEquals(200, client.get("/plaintext").read().status());
            assertTrue(client.closedByServer());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldSendContinueBeforeTheBodyWhenAsked(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response interim = client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n").read();
            assertEquals(100, interim.status());
            assertEquals("hello", client.send("hello").read().text());
        }
    }
}
