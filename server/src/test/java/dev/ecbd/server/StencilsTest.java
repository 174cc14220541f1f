package dev.ecbd.server;

import dev.ecbd.handlers.AsyncHandler;
import dev.ecbd.handlers.HandlerExtension;
import dev.ecbd.handlers.HttpCode;
import dev.ecbd.handlers.Replacement;
import dev.ecbd.handlers.Stencil;
import dev.ecbd.handlers.StencilCache;
import dev.ecbd.handlers.StencilHandler;
import dev.ecbd.handlers.StencilOutput;
import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.ExpectedWarnings;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import dev.ecbd.server.config.ConfigFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeaks.class)
class StencilsTest
{
    @RegisterExtension
    final ExpectedWarnings warnings = new ExpectedWarnings("dev.ecbd");

    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";

    @TempDir
    static Path stencils;
    static StencilCache cache;

    @BeforeAll
    static void writeStencils() throws IOException
    {
        Files.writeString(stencils.resolve("codes.html"),
            "[{{again}}|{{doneNext}}|{{waitSame}}|{{waitNext}}|{{escaped}}|{{raw}}]"
                + "{{while more}}<{{count}}>{{endwhile}}{{if yes}}Y{{else}}N{{endif}}{{if no}}Y{{else}}N{{endif}}{{include part.html}}");
        Files.writeString(stencils.resolve("part.html"), "(part {{count}})");
        Files.writeString(stencils.resolve("fail.html"), "before {{fail}} after");
        Files.writeString(stencils.resolve("async-condition.html"), "{{if asyncCondition}}x{{endif}}");
        Files.writeString(stencils.resolve("missing.html"), "\n  {{nobody}}");
        Files.writeString(stencils.resolve("broken.html"), "{{if yes}} never closed");
        cache = new StencilCache(stencils);
    }

    @AsyncHandler(explicitCalls = true)
    static final class Codes extends StencilHandler
    {
        private final String name;
        private int againCalls;
        private int doneNextCalls;
        private CompletableFuture<String> same;
        private int waitNextCalls;
        private int loops;

        Codes(final String name)
        {
            this.name = name;
        }

        @Override
        protected Stencil stencil()
        {
            return cache.get(name);
        }

        @Replacement
        HttpCode again(final StencilOutput out)
        {
            out.write("a" + ++againCalls);
            return againCalls < 3 ? HttpCode.SUCCESS_ASYNC : HttpCode.SUCCESS;
        }

        @Replacement
        HttpCode doneNext(final StencilOutput out)
        {
            out.write("d" + ++doneNextCalls);
            return HttpCode.SUCCESS_ASYNC_DONE;
        }

        @Replacement
        HttpCode waitSame(final StencilOutput out)
        {
            if (same == null)
            {
                same = CompletableFuture.supplyAsync(() -> "w");
                out.context().await(same);
                return HttpCode.SUCCESS_ASYNC_NOFLUSH;
            }
            out.write(same.join());
            return HttpCode.SUCCESS;
        }

        @Replacement
        HttpCode waitNext(final StencilOutput out)
        {
            out.write("n" + ++waitNextCalls);
            out.context().await(CompletableFuture.runAsync(() -> { }));
            return HttpCode.SUCCESS_ASYNC_NOFLUSH_DONE;
        }

        @Replacement
        HttpCode escaped(final StencilOutput out)
        {
            out.write("<b>&\"'");
            return HttpCode.SUCCESS;
        }

        @Replacement
        HttpCode raw(final StencilOutput out)
        {
            out.writeRaw("<i>");
            return HttpCode.SUCCESS;
        }

        @Replacement
        HttpCode more(final StencilOutput out)
        {
            return ++loops <= 3 ? HttpCode.SUCCESS : HttpCode.S_FALSE;
        }

        @Replacement
        HttpCode count(final StencilOutput out)
        {
            out.write(String.valueOf(loops));
            return HttpCode.SUCCESS;
        }

        @Replacement
        HttpCode yes(final StencilOutput out)
        {
            return HttpCode.SUCCESS;
        }

        @Replacement
        HttpCode no(final StencilOutput out)
        {
            return HttpCode.S_FALSE;
        }

        @Replacement
        HttpCode fail(final StencilOutput out)
        {
            return HttpCode.NOT_FOUND;
        }

        @Replacement
        HttpCode asyncCondition(final StencilOutput out)
        {
            return HttpCode.SUCCESS_ASYNC;
        }
    }

    private static TestServer server(final TransportKind transport) throws InterruptedException
    {
        return TestServer.start(transport, config -> { }, map ->
        {
            for (final String name : new String[] {"codes", "fail", "async-condition", "missing", "broken"})
            {
                map.map("/" + name, new HandlerExtension(() -> new Codes(name + ".html")));
            }
        });
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldResumeReplacementMethodsAsTheirCodesSay(final TransportKind transport) throws Exception
    {
        try (TestServer server = server(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response response = client.get("/codes").read();
            assertEquals(200, response.status());
            assertEquals("text/html; charset=utf-8", response.header("Content-Type"));
            assertEquals("[a1a2a3|d1|w|n1|&lt;b&gt;&amp;&quot;&#39;|<i>]<1><2><3>YN(part 4)", response.text());
            assertEquals(200, client.get("/codes").read().status());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldServeTheShippedDemoStencil(final TransportKind transport) throws Exception
    {
        final Path root = Path.of(System.getProperty("ecbd.root", ".."));
        final ConfigFile demo = ConfigFile.read(root.resolve("demo/ecbd.yaml"), Set.of("host", "port", "docroot"));
        final EcbdConfig.Builder config = EcbdConfig.builder().documentRoot(root.resolve("demo/site"));
        demo.extensions().forEach(config::extension);
        config.http().port(0).transport(transport);
        try (Ecbd ecbd = Ecbd.start(config.build());
            RawClient client = new RawClient(ecbd.server().port()))
        {
            final RawClient.Response page = client.get("/demo/stencil").read();
            assertEquals(200, page.status());
            assertEquals("chunked", page.header("Transfer-Encoding"));
            assertTrue(page.text().contains("<blockquote>The best way to predict the future is to invent it.</blockquote>"), page.text());
            assertTrue(page.text().contains("<li>stencils that wait without a thread</li>"), page.text());
            assertTrue(page.text().contains("<title>ecbd &lt;stencil&gt; demo</title>"), page.text());
            assertTrue(page.text().contains("request /demo/stencil"), page.text());
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldAnswerStencilErrorsClearly(final TransportKind transport) throws Exception
    {
        warnings.expect("StencilsTest$Codes failed; answering 500");
        try (TestServer server = server(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response fail = client.get("/fail").read();
            assertEquals(404, fail.status());
            assertTrue(!fail.text().contains("before"), "buffered output of a failed render leaked out");
            for (final String path : new String[] {"/async-condition", "/missing", "/broken"})
            {
                assertEquals(500, client.get(path).read().status(), path);
            }
            assertEquals(200, client.get("/codes").read().status());
        }
    }
}
