package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.NonBlocking;
import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.ExpectedWarnings;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeaks.class)
class InlineModeTest
{
    @RegisterExtension
    final ExpectedWarnings warnings = new ExpectedWarnings("dev.ecbd");

    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";

    @NonBlocking
    static final class WhereAmI implements Extension
    {
        @Override
        public ExtensionStatus handle(final ExtensionControlBlock ecb) throws Exception
        {
            final byte[] name = Thread.currentThread().getName().getBytes(StandardCharsets.US_ASCII);
            ecb.sendResponseHeader(200, "");
            ecb.writeClient(name, 0, name.length);
            return ExtensionStatus.SUCCESS;
        }
    }

    @NonBlocking
    static final class BreaksItsPromise implements Extension
    {
        @Override
        public ExtensionStatus handle(final ExtensionControlBlock ecb) throws Exception
        {
            return switch (ecb.query())
            {
                case "pending" -> ExtensionStatus.PENDING;
                case "async" ->
                {
                    ecb.ioCompletion((e, context, bytes, error) -> { }, null);
                    ecb.writeClientAsync(new byte[1], 0, 1);
                    yield ExtensionStatus.SUCCESS;
                }
                default ->
                {
                    ecb.readClient(new byte[16], 0, 16);
                    yield ExtensionStatus.SUCCESS;
                }
            };
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldRunNonBlockingExtensionsOnTheIoThreadInOrderWithTheRest(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map.map("/where", new WhereAmI()));
            RawClient client = new RawClient(server.port()))
        {
            assertTrue(client.get("/where").read().text().startsWith("ecbd-io-"));
            client.send("GET /plaintext-inline HTTP/1.1\r\nHost: t\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhiGET /where HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("Hello, World!", client.read().text());
            assertEquals("Hello, World!", client.read().text());
            assertEquals("hi", client.read().text());
            assertTrue(client.read().text().startsWith("ecbd-io-"));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldFailAnInlineExtensionThatWouldWaitOrGoAsync(final TransportKind transport) throws Exception
    {
        warnings.expect("BreaksItsPromise failed; answering 500");
        warnings.expect("answered PENDING");
        try (TestServer server = TestServer.start(transport, config -> { }, map -> map.map("/broken", new BreaksItsPromise())))
        {
            for (final String request : new String[] {"GET /broken?pending HTTP/1.1\r\nHost: t\r\n\r\n", "GET /broken?async HTTP/1.1\r\nHost: t\r\n\r\n",
                "POST /broken?read HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n"})
            {
                try (RawClient client = new RawClient(server.port()))
                {
                    assertEquals(500, client.send(request).read().status(), request);
                }
            }
            server.awaitPoolIdle();
        }
    }
}
