package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.dispatcher.Dispatcher;
import dev.ecbd.handlers.HandlerExtension;
import dev.ecbd.handlers.StencilCache;
import dev.ecbd.server.builtin.EchoExtension;
import dev.ecbd.server.builtin.MetricsExtension;
import dev.ecbd.server.builtin.NotFoundExtension;
import dev.ecbd.server.builtin.PlaintextExtension;
import dev.ecbd.server.builtin.ProbeExtension;
import dev.ecbd.server.builtin.StaticFileExtension;
import dev.ecbd.server.builtin.StencilDemoHandler;
import dev.ecbd.server.builtin.StreamDemoExtension;
import dev.ecbd.server.builtin.UploadDemoExtension;
import dev.ecbd.transport.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * ecbd, wired: the dispatcher (ECB pool and workers) and the HTTP transport, with the built-in
 * extensions {@code /plaintext}, {@code /echo}, {@code /livez}, {@code /readyz}, {@code /metrics},
 * {@code /demo/stream}, {@code /demo/upload}, {@code /demo/stencil}, static files under {@code /}
 * from a document root, and 404 for anything unmapped.
 *
 * <h2>Shutdown: a drain</h2>
 * <ol>
 * <li>Stop accepting; each connection closes after its next response.</li>
 * <li>{@code /readyz} turns 503, and so does every request that arrives on a connection still
 * open, but the probes and {@code /metrics}.</li>
 * <li>Wait up to {@code drainTimeout} for every request in flight (bodies included) to end.</li>
 * <li>Stop every connection from taking requests; idle ones close.</li>
 * <li>Stop the workers: each reclaims the sessions its extensions still hold pending (503 or a
 * close), and their slots come back through the I/O threads.</li>
 * <li>Close what is left and stop the I/O threads.</li>
 * </ol>
 */
public final class Ecbd implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(Ecbd.class.getName());

    private final EcbdConfig config;
    private final HttpServer server;
    private final Dispatcher dispatcher;
    private final AtomicBoolean draining;

    private Ecbd(final EcbdConfig config, final HttpServer server, final Dispatcher dispatcher, final AtomicBoolean draining)
    {
        this.config = config;
        this.server = server;
        this.dispatcher = dispatcher;
        this.draining = draining;
    }

    /** Starts ecbd with the built-in extensions only: no static files, no stencils. */
    public static Ecbd start(final EcbdConfig config) throws InterruptedException
    {
        return start(config, null, null, mappings -> { });
    }

    /**
     * Starts ecbd with the built-in extensions and more. When the address cannot be bound, Netty
     * throws its {@code IOException} undeclared.
     *
     * @param docroot files to serve under {@code /}, or null for none.
     * @param stencils the directory of the demo stencils, served at {@code /demo/stencil}; or null.
     * @param moreMappings adds mappings of its own to the URL map before the server starts.
     * @throws IllegalStateException when the transport asked for cannot run here.
     */
    public static Ecbd start(final EcbdConfig config, final Path docroot, final Path stencils, final Consumer<UrlMap.Builder> moreMappings)
        throws InterruptedException
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        final AtomicBoolean draining = new AtomicBoolean();
        final Extension liveness = ProbeExtension.liveness();
        final Extension readiness = ProbeExtension.readiness(() -> !draining.get());
        final Extension metrics = new MetricsExtension(registry);
        final UrlMap.Builder map = UrlMap.builder(new NotFoundExtension())
            .map("/plaintext", new PlaintextExtension())
            .map("/plaintext-inline", new PlaintextExtension.Inline())
            .map("/echo", new EchoExtension())
            .map("/livez", liveness)
            .map("/readyz", readiness)
            .map("/healthz", readiness)
            .map("/metrics", metrics)
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
        final HttpServer server = HttpServer.create(config.http(), config.dispatcher().poolSize());
        final DrainingResolver resolver = new DrainingResolver(map.build(), Set.of(liveness, readiness, metrics), draining);
        final Dispatcher dispatcher = new Dispatcher(config.dispatcher(), server::exchangeOf, resolver);
        final Ecbd ecbd = new Ecbd(config, server, dispatcher, draining);
        try
        {
            dispatcher.start();
            server.start(dispatcher);
        }
        catch (final Exception ex)
        {
            // NOTE: Netty throws a failed bind's IOException without declaring it; rethrown as is.
            ecbd.close();
            throw ex;
        }
        ServerMetrics.register(registry, server, dispatcher);
        return ecbd;
    }

    /** @return the running HTTP transport. */
    public HttpServer server()
    {
        return server;
    }

    /** @return whether a drain has begun: {@code /readyz} answers 503 and new requests get 503. */
    public boolean draining()
    {
        return draining.get();
    }

    /** @return the dispatcher: the ECB pool, the workers, their queues and pinning. */
    public Dispatcher dispatcher()
    {
        return dispatcher;
    }

    @Override
    public void close()
    {
        final long graceNs = config.http().drainTimeout().toNanos();
        final long startNs = System.nanoTime();
        server.drain();
        draining.set(true);
        LOG.log(System.Logger.Level.INFO, "draining: stopped accepting; {0} request(s) in flight, waiting up to {1} s for them",
            dispatcher.pool().inUse(), config.http().drainTimeout().toSeconds());
        if (dispatcher.awaitIdle(graceNs))
        {
            LOG.log(System.Logger.Level.INFO, "drained in {0} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        }
        else
        {
            LOG.log(System.Logger.Level.WARNING, "drain timeout: reclaiming {0} request(s) still in flight", dispatcher.pool().inUse());
        }
        // NOTE: once every connection has stopped admitting, stopping the workers next cannot
        // strand a request in a queue nobody serves.
        server.stopAdmitting();
        dispatcher.close();
        dispatcher.awaitIdle(TimeUnit.SECONDS.toNanos(5));
        server.close();
        if (dispatcher.pool().inUse() != 0)
        {
            LOG.log(System.Logger.Level.WARNING, "{0} ECB(s) did not return to the pool by shutdown; an extension is stuck inside a call",
                dispatcher.pool().inUse());
        }
    }
}
