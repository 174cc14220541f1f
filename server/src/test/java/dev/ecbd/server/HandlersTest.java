package dev.ecbd.server;

import dev.ecbd.api.FileTransmission;
import dev.ecbd.handlers.AsyncHandler;
import dev.ecbd.handlers.HandlerContext;
import dev.ecbd.handlers.HandlerExtension;
import dev.ecbd.handlers.HttpCode;
import dev.ecbd.handlers.RequestHandler;
import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.ExpectedWarnings;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoLeaks.class)
class HandlersTest
{
    @RegisterExtension
    final ExpectedWarnings warnings = new ExpectedWarnings("dev.ecbd");

    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";
    private static final ExecutorService ELSEWHERE = Executors.newCachedThreadPool(r ->
    {
        final Thread thread = new Thread(r, "elsewhere");
        thread.setDaemon(true);
        return thread;
    });

    @TempDir
    static Path workspace;

    /** Writes part i and answers SUCCESS_ASYNC three times, then SUCCESS. */
    @AsyncHandler
    static final class Flushing implements RequestHandler
    {
        private int calls;

        @Override
        public HttpCode handleRequest(final HandlerContext context)
        {
            if (calls == 0)
            {
                context.contentType("text/plain");
            }
            if (calls < 3)
            {
                context.write("part" + calls++ + ";");
                return HttpCode.SUCCESS_ASYNC;
            }
            context.write("end");
            return HttpCode.SUCCESS;
        }
    }

    @AsyncHandler
    static final class FlushThenClose implements RequestHandler
    {
        @Override
        public HttpCode handleRequest(final HandlerContext context)
        {
            context.contentType("text/plain").write("bye");
            return HttpCode.SUCCESS_ASYNC_DONE;
        }
    }

    /** Waits on work done on another thread, then writes its result. */
    @AsyncHandler(explicitCalls = true)
    static final class Waiting implements RequestHandler
    {
        private final boolean closeAfter;
        private CompletableFuture<String> work;

        Waiting(final boolean closeAfter)
        {
            this.closeAfter = closeAfter;
        }

        @Override
        public HttpCode handleRequest(final HandlerContext context)
        {
            if (work == null)
            {
                context.contentType("text/plain").write("before;");
                work = CompletableFuture.supplyAsync(() -> "computed elsewhere", ELSEWHERE);
                context.await(work);
                return closeAfter ? HttpCode.SUCCESS_ASYNC_NOFLUSH_DONE : HttpCode.SUCCESS_ASYNC_NOFLUSH;
            }
            context.write(work.join());
            return HttpCode.SUCCESS;
        }
    }

    @AsyncHandler(explicitCalls = true)
    static final class SendingFile implements RequestHandler
    {
        private boolean sent;

        @Override
        public HttpCode handleRequest(final HandlerContext context) throws Exception
        {
            if (!sent)
            {
                sent = true;
                context.contentType("text/plain").write("[");
                context.sendFile(FileTransmission.of(workspace.resolve("content.txt")));
                return HttpCode.SUCCESS_ASYNC_NOFLUSH;
            }
            context.write("]");
            return HttpCode.SUCCESS;
        }
    }

    private static TestServer server(final TransportKind transport) throws Exception
    {
        Files.writeString(workspace.resolve("content.txt"), "file content");
        return TestServer.start(transport, config -> { }, map -> map
            .map("/success", new HandlerExtension(() -> context -> { context.write("ok"); return HttpCode.SUCCESS; }))
            .map("/flushing", new HandlerExtension(Flushing::new))
            .map("/flush-close", new HandlerExtension(FlushThenClose::new))
            .map("/wait", new HandlerExtension(() -> new Waiting(false)))
            .map("/wait-close", new HandlerExtension(() -> new Waiting(true)))
            .map("/file", new HandlerExtension(SendingFile::new))
            .map("/not-found", new HandlerExtension(() -> context -> { context.write("lost"); return HttpCode.NOT_FOUND; }))
            .map("/teapot", new HandlerExtension(() -> context -> HttpCode.error(418)))
            .map("/throws", new HandlerExtension(() -> context -> { throw new IllegalStateException("expected by the test"); }))
            .map("/null", new HandlerExtension(() -> context -> null))
            .map("/undeclared-async", new HandlerExtension(() -> context -> HttpCode.SUCCESS_ASYNC))
            .map("/undeclared-explicit", new HandlerExtension(UndeclaredExplicit::new))
            .map("/noflush-without-op", new HandlerExtension(NoflushWithoutOperation::new))
            .map("/await-undeclared", new HandlerExtension(() -> context -> { context.await(new CompletableFuture<>()); return HttpCode.SUCCESS; }))
            .map("/error-after-flush", new HandlerExtension(ErrorAfterFlush::new)));
    }

    @AsyncHandler
    static final class UndeclaredExplicit implements RequestHandler
    {
        @Override
        public HttpCode handleRequest(final HandlerContext context)
        {
            return HttpCode.SUCCESS_ASYNC_NOFLUSH;
        }
    }

    @AsyncHandler(explicitCalls = true)
    static final class NoflushWithoutOperation implements RequestHandler
    {
        @Override
        public HttpCode handleRequest(final HandlerContext context)
        {
            return HttpCode.SUCCESS_ASYNC_NOFLUSH;
        }
    }

    @AsyncHandler
    static final class ErrorAfterFlush implements RequestHandler
    {
        private boolean flushed;

        @Override
        public HttpCode handleRequest(final HandlerContext context)
        {
            if (!flushed)
            {
                flushed = true;
                context.write("partial");
                return HttpCode.SUCCESS_ASYNC;
            }
            return HttpCode.FAIL;
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldCarryOutEverySuccessCode(final TransportKind transport) throws Exception
    {
        try (TestServer server = server(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response success = client.get("/success").read();
            assertEquals("ok", success.text());
            assertEquals("2", success.header("Content-Length"));

            final RawClient.Response flushing = client.get("/flushing").read();
            assertEquals("part0;part1;part2;end", flushing.text());
            assertEquals("chunked", flushing.header("Transfer-Encoding"));

            assertEquals("before;computed elsewhere", client.get("/wait").read().text());
            assertEquals("[file content]", client.get("/file").read().text());
            assertEquals("ok", client.get("/success").read().text());
        }
        try (TestServer server = server(transport))
        {
            for (final String path : new String[] {"/flush-close", "/wait-close"})
            {
                try (RawClient client = new RawClient(server.port()))
                {
                    final RawClient.Response response = client.get(path).read();
                    assertEquals(200, response.status());
                    assertEquals(path.equals("/flush-close") ? "bye" : "before;", response.text());
                    assertTrue(client.closedByServer(), path + " left the connection open");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldTurnErrorsAndMisuseIntoErrorResponses(final TransportKind transport) throws Exception
    {
        warnings.expect("failed; answering 500");
        warnings.expect("answered no code");
        warnings.expect("answered SUCCESS_ASYNC but is not declared");
        warnings.expect("answered SUCCESS_ASYNC_NOFLUSH but is not declared");
        warnings.expect("without starting an asynchronous operation");
        try (TestServer server = server(transport); RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response notFound = client.get("/not-found").read();
            assertEquals(404, notFound.status());
            assertTrue(!notFound.text().contains("lost"), "buffered content of a failed request leaked out");
            assertEquals(418, client.get("/teapot").read().status());
            for (final String path : new String[] {"/throws", "/null", "/undeclared-async", "/undeclared-explicit", "/noflush-without-op", "/await-undeclared"})
            {
                final RawClient.Response response = client.get(path).read();
                assertEquals(500, response.status(), path);
            }
            assertTrue(client.get("/undeclared-async").read().text().contains("SUCCESS_ASYNC without declaring @AsyncHandler"));
            assertEquals("ok", client.get("/success").read().text());
        }
        try (TestServer server = server(transport); RawClient client = new RawClient(server.port()))
        {
            // NOTE: once the head is out, the only way left to say "failed" is a truncated body.
            assertThrows(java.io.EOFException.class, () -> client.get("/error-after-flush").read());
        }
    }

    /** Records any overlap of two calls for one handler, or of one handler on two threads. */
    @AsyncHandler(explicitCalls = true)
    static final class OverlapProbe implements RequestHandler
    {
        static final AtomicInteger OVERLAPS = new AtomicInteger();
        private final AtomicInteger inside = new AtomicInteger();
        private Thread lastThread;
        private int step;

        @Override
        public HttpCode handleRequest(final HandlerContext context)
        {
            if (inside.incrementAndGet() != 1 || (lastThread != null && lastThread != Thread.currentThread()))
            {
                OVERLAPS.incrementAndGet();
            }
            lastThread = Thread.currentThread();
            try
            {
                if (step == 0)
                {
                    context.contentType("text/plain");
                }
                context.write(step + ";");
                switch (step++ % 3)
                {
                    case 0 ->
                    {
                        context.await(CompletableFuture.runAsync(() -> { }, ELSEWHERE));
                        return HttpCode.SUCCESS_ASYNC_NOFLUSH;
                    }
                    case 1 ->
                    {
                        return HttpCode.SUCCESS_ASYNC;
                    }
                    default ->
                    {
                        return step < 9 ? HttpCode.SUCCESS_ASYNC : HttpCode.SUCCESS;
                    }
                }
            }
            finally
            {
                inside.decrementAndGet();
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldNeverOverlapCallsOfOneHandlerUnderLoad(final TransportKind transport) throws Exception
    {
        OverlapProbe.OVERLAPS.set(0);
        try (TestServer server = TestServer.start(transport, config -> config.dispatcher().workers(2).poolSize(256), map -> map
            .map("/probe", new HandlerExtension(OverlapProbe::new))))
        {
            final ExecutorService clients = Executors.newFixedThreadPool(24);
            try
            {
                final List<Future<Integer>> results = new ArrayList<>();
                for (int c = 0; c < 24; c++)
                {
                    results.add(clients.submit(() ->
                    {
                        int ok = 0;
                        try (RawClient client = new RawClient(server.port()))
                        {
                            for (int i = 0; i < 25; i++)
                            {
                                if (client.get("/probe").read().text().equals("0;1;2;3;4;5;6;7;8;"))
                                {
                                    ok++;
                                }
                            }
                        }
                        return ok;
                    }));
                }
                for (final Future<Integer> result : results)
                {
                    assertEquals(25, result.get(120, TimeUnit.SECONDS));
                }
            }
            finally
            {
                clients.shutdownNow();
            }
            assertEquals(0, OverlapProbe.OVERLAPS.get(), "overlapping or cross-thread calls of one handler");
        }
    }
}
