package dev.ecbd.server;

import dev.ecbd.handlers.HandlerExtension;
import dev.ecbd.handlers.StencilCache;
import dev.ecbd.server.builtin.EchoExtension;
import dev.ecbd.server.builtin.HealthExtension;
import dev.ecbd.server.builtin.MetricsExtension;
import dev.ecbd.server.builtin.NotFoundExtension;
import dev.ecbd.server.builtin.PlaintextExtension;
import dev.ecbd.server.builtin.StaticFileExtension;
import dev.ecbd.server.builtin.StencilDemoHandler;
import dev.ecbd.server.builtin.StreamDemoExtension;
import dev.ecbd.server.builtin.UploadDemoExtension;
import dev.ecbd.transport.HttpServer;
import dev.ecbd.transport.HttpServerConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * ecbd with its built-in extensions: {@code /plaintext}, {@code /echo}, {@code /healthz},
 * {@code /metrics}, {@code /demo/stream}, {@code /demo/upload}, {@code /demo/stencil}, static files under {@code /} from a document root, and
 * 404 for anything unmapped.
 */
public final class Ecbd implements AutoCloseable
{
    private final HttpServer server;

    private Ecbd(final HttpServer server)
    {
        this.server = server;
    }

    /** Starts ecbd with the built-in extensions only: no static files, no stencils. */
    public static Ecbd start(final HttpServerConfig config) throws InterruptedException
    {
        return start(config, null, null, mappings -> { });
    }

    /**
     * Starts ecbd with the built-in extensions and more.
     *
     * @param docroot files to serve under {@code /}, or null for none.
     * @param stencils the directory of the demo stencils, served at {@code /demo/stencil}; or null.
     * @param moreMappings adds mappings of its own to the URL map before the server starts.
     */
    public static Ecbd start(final HttpServerConfig config, final Path docroot, final Path stencils, final Consumer<UrlMap.Builder> moreMappings)
        throws InterruptedException
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        final AtomicReference<HttpServer> running = new AtomicReference<>();
        final UrlMap.Builder map = UrlMap.builder(new NotFoundExtension())
            .map("/plaintext", new PlaintextExtension())
            .map("/plaintext-inline", new PlaintextExtension.Inline())
            .map("/echo", new EchoExtension())
            .map("/healthz", new HealthExtension(() -> running.get() != null && running.get().isAccepting()))
            .map("/metrics", new MetricsExtension(registry))
            .map("/demo/stream", new StreamDemoExtension())
            .map("/demo/upload", new UploadDemoExtension());
        if (docroot != null)
        {
            map.map("/", new StaticFileExtension(docroot));
        }
        if (stencils != null)
        {
            final StencilCache cache = new StencilCache(stencils);
            map.map("/demo/stencil", new HandlerExtension(() -> new StencilDemoHandler(cache)));
        }
        moreMappings.accept(map);
        final HttpServer server = HttpServer.start(config, map.build());
        running.set(server);
        ServerMetrics.register(registry, server);
        return new Ecbd(server);
    }

    /** @return the running HTTP server. */
    public HttpServer server()
    {
        return server;
    }

    @Override
    public void close()
    {
        server.close();
    }
}
