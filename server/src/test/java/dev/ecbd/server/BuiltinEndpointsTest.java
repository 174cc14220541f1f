package dev.ecbd.server;

import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeaks.class)
class BuiltinEndpointsTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldServeEveryBuiltinEndpointOverOneKeepAliveConnection(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response plain = client.get("/plaintext").read();
            assertEquals(200, plain.status());
            assertEquals("Hello, World!", plain.text());
            assertEquals("text/plain", plain.header("Content-Type"));
            assertEquals("13", plain.header("Content-Length"));
            assertEquals("ecbd", plain.header("Server"));
            assertNotNull(plain.header("Date"));

            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"a\": 1}\n");
            final RawClient.Response echo = client.read();
            assertEquals(200, echo.status());
            assertEquals("application/json", echo.header("Content-Type"));
            assertEquals("{\"a\": 1}\n", echo.text());

            final RawClient.Response health = client.get("/healthz").read();
            assertEquals(200, health.status());
            assertEquals("ok\n", health.text());

            final RawClient.Response metrics = client.get("/metrics").read();
            assertEquals(200, metrics.status());
            for (final String name : new String[] {"ecbd_ecb_pool_capacity 64.0", "ecbd_ecb_pool_in_use", "ecbd_ecb_pool_high_water", "ecbd_requests_shed_total 0.0",
                "ecbd_worker_queue_depth{worker=\"0\"}", "ecbd_worker_queue_depth{worker=\"1\"}", "ecbd_transport_info{transport=\"" + transport.label() + "\"}"})
            {
                assertTrue(metrics.text().contains(name), () -> "metrics lack " + name + ":\n" + metrics.text());
            }

            final RawClient.Response missing = client.get("/no/such/thing").read();
            assertEquals(404, missing.status());
            assertEquals(405, client.get("/echo").read().status());
            assertEquals(200, client.get("/plaintext").read().status());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAnswerPipelinedRequestsInOrder(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            final StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 40; i++)
            {
                burst.append(i % 2 == 0 ? "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n"
                    : "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + String.valueOf(i).length() + "\r\n\r\n" + i);
            }
            client.send(burst.toString());
            for (int i = 0; i < 40; i++)
            {
                final RawClient.Response response = client.read();
                assertEquals(200, response.status());
                assertEquals(i % 2 == 0 ? "Hello, World!" : String.valueOf(i), response.text());
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldEchoALargeBodyChunkedAndByteIdentical(final TransportKind transport) throws Exception
    {
        final byte[] body = new byte[300_000];
        new Random(42).nextBytes(body);
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            client.send(("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            client.send(body);
            final RawClient.Response response = client.read();
            assertEquals(200, response.status());
            assertEquals("chunked", response.header("Transfer-Encoding"));
            assertNull(response.header("Content-Length"));
            assertArrayEquals(body, response.body());
            assertEquals("Hello, World!", client.get("/plaintext").read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldSendHeadWithoutBodyButWithLength(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response head = client.send("HEAD /plaintext HTTP/1.1\r\nHost: t\r\n\r\n").readHead();
            assertEquals(200, head.status());
            assertEquals("13", head.header("Content-Length"));
            assertEquals("Hello, World!", client.get("/plaintext").read().text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldHonourConnectionCloseAndHttp10(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport))
        {
            try (RawClient client = new RawClient(server.port()))
            {
                final RawClient.Response response = client.send("GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").read();
                assertEquals("close", response.header("Connection"));
                assertTrue(client.closedByServer());
            }
            try (RawClient client = new RawClient(server.port()))
            {
                final RawClient.Response response = client.send("GET /plaintext HTTP/1.0\r\n\r\n").read();
                assertEquals("Hello, World!", response.text());
                assertTrue(client.closedByServer());
            }
            try (RawClient client = new RawClient(server.port()))
            {
                final RawClient.Response response = client.send("GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
                assertEquals("keep-alive", response.header("Connection"));
                assertEquals("Hello, World!", client.send("GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().text());
            }
        }
    }
}
