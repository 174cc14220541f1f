package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.PlainTextResponse;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import dev.ecbd.transport.TransportKind;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ECB's server-support functions, as an extension mapped under {@code /support} sees them. */
@ExtendWith(NoLeaks.class)
class ServerSupportTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";

    /** Answers the server variables asked for in the query, one a line; or redirects, or closes, by its path. */
    private static final Extension SUPPORT = ecb ->
    {
        switch (ecb.pathInfo())
        {
            case "/redirect" -> ecb.sendRedirect("/elsewhere?from=support");
            case "/close" ->
            {
                ecb.closeConnection();
                PlainTextResponse.send(ecb, 200, "", "keep " + ecb.isKeepConnection());
            }
            case "/map" -> PlainTextResponse.send(ecb, 200, "", ecb.mapUrlToPath("/docs/a%20b.txt") + " " + ecb.mapUrlToPath("/../etc/passwd")
                + " " + ecb.mapUrlToPath("/a%2Fb"));
            default ->
            {
                final StringBuilder answer = new StringBuilder();
                for (final String name : ecb.query().split("&"))
                {
                    answer.append(name).append('=').append(ecb.serverVariable(name)).append('\n');
                }
                answer.append("keep=").append(ecb.isKeepConnection()).append('\n');
                answer.append("scheme=").append(ecb.scheme()).append('\n');
                answer.append("settings=").append(ecb.settings().name());
                PlainTextResponse.send(ecb, 200, "", answer.toString());
            }
        }
        return ExtensionStatus.SUCCESS;
    };

    @TempDir
    Path docroot;

    private TestServer server(final TransportKind transport) throws InterruptedException
    {
        return TestServer.start(transport, config -> config.documentRoot(docroot), map -> map.map("/support", SUPPORT));
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAnswerServerVariablesAsIsapiNamesThem(final TransportKind transport) throws Exception
    {
        try (TestServer server = server(transport); RawClient client = new RawClient(server.port()))
        {
            final String variables = "SCRIPT_NAME&PATH_INFO&URL&QUERY_STRING&REQUEST_METHOD&SERVER_PROTOCOL&SERVER_NAME&SERVER_PORT&LOCAL_ADDR"
                + "&REMOTE_ADDR&HTTPS&HTTP_X_TRACE_ID&HTTP_ACCEPT&CONTENT_LENGTH&PATH_TRANSLATED&NO_SUCH_VARIABLE&ALL_RAW";
            client.send("GET /support/a/b?" + variables + " HTTP/1.1\r\nHost: example.test:" + server.port() + "\r\nX-Trace-Id: 42\r\n\r\n");
            final String text = client.read().text();
            final String expected = String.join("\n",
                "SCRIPT_NAME=/support",
                "PATH_INFO=/a/b",
                "URL=/support/a/b",
                "QUERY_STRING=" + variables,
                "REQUEST_METHOD=GET",
                "SERVER_PROTOCOL=HTTP/1.1",
                "SERVER_NAME=example.test",
                "SERVER_PORT=" + server.port(),
                "LOCAL_ADDR=127.0.0.1",
                "REMOTE_ADDR=127.0.0.1",
                "HTTPS=off",
                "HTTP_X_TRACE_ID=42",
                "HTTP_ACCEPT=null",
                "CONTENT_LENGTH=null",
                "PATH_TRANSLATED=" + docroot.toRealPath().resolve("a/b"),
                "NO_SUCH_VARIABLE=null",
                "ALL_RAW=Host: example.test:" + server.port() + "\r\nX-Trace-Id: 42\r\n",
                "keep=true",
                "scheme=http",
                "settings=/support",
                "");
            assertEquals(expected, text);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldGiveAllHttpAndTellAnHttp10ConnectionWillNotBeKept(final TransportKind transport) throws Exception
    {
        try (TestServer server = server(transport); RawClient client = new RawClient(server.port()))
        {
            client.send("GET /support?ALL_HTTP&SERVER_NAME HTTP/1.0\r\nUser-Agent: test\r\nX-A: 1\r\n\r\n");
            final String text = client.read().text();
            assertTrue(text.startsWith("ALL_HTTP=HTTP_USER_AGENT:test\nHTTP_X_A:1\n\nSERVER_NAME=127.0.0.1\nkeep=false\n"), text);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldRedirectCloseAndMapUrlsToPaths(final TransportKind transport) throws Exception
    {
        try (TestServer server = server(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response redirect = client.get("/support/redirect").read();
            assertEquals(302, redirect.status());
            assertEquals("/elsewhere?from=support", redirect.header("Location"));
            assertEquals("0", redirect.header("Content-Length"));
            final RawClient.Response mapped = client.get("/support/map").read();
            assertEquals(docroot.toRealPath().resolve("docs/a b.txt") + " null null", mapped.text().strip());
            final RawClient.Response closing = client.get("/support/close").read();
            assertEquals("keep false", closing.text().strip());
            assertEquals("close", closing.header("Connection"));
            assertTrue(client.closedByServer(), "the connection stayed open");
        }
    }
}
