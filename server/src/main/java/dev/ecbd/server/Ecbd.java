package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.dispatcher.Dispatcher;
import dev.ecbd.server.accesslog.AccessLog;
import dev.ecbd.server.builtin.DocumentRoot;
import dev.ecbd.server.builtin.MetricsExtension;
import dev.ecbd.server.builtin.NotFoundExtension;
import dev.ecbd.server.builtin.OpenFileCache;
import dev.ecbd.server.builtin.ProbeExtension;
import dev.ecbd.server.builtin.StaticFileExtension;
import dev.ecbd.server.deploy.Deployer;
import dev.ecbd.server.deploy.ExtensionLoadException;
import dev.ecbd.transport.HttpServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * ecbd, wired: the dispatcher (ECB pool and workers), the HTTP transport, and the URL map: the
 * built-in {@code /livez}, {@code /readyz} ({@code /healthz}) and {@code /metrics}, static files
 * under {@code /} from the document root, the deployed extension packages, and 404 for anything
 * unmapped.
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
    private final Deployer deployer;
    private final AccessLog accessLog;
    private final OpenFileCache openFiles;
    private final AtomicBoolean draining;

    private Ecbd(final EcbdConfig config, final HttpServer server, final Dispatcher dispatcher, final Deployer deployer, final AccessLog accessLog,
        final OpenFileCache openFiles, final AtomicBoolean draining)
    {
        this.accessLog = accessLog;
        this.openFiles = openFiles;
        this.config = config;
        this.server = server;
        this.dispatcher = dispatcher;
        this.deployer = deployer;
        this.draining = draining;
    }

    /** Starts ecbd with its configuration's document root and extensions. */
    public static Ecbd start(final EcbdConfig config) throws InterruptedException, ExtensionLoadException
    {
        return start(config, mappings -> { });
    }

    /**
     * Starts ecbd with its configuration's document root and extensions, and more. When the
     * address cannot be bound, Netty throws its {@code IOException} undeclared.
     *
     * @param moreMappings adds mappings of its own to the URL map before the server starts.
     * @throws ExtensionLoadException when an extension package cannot be loaded; nothing is left running.
     * @throws IllegalStateException when the transport asked for cannot run here.
     */
    public static Ecbd start(final EcbdConfig config, final Consumer<UrlMap.Builder> moreMappings) throws InterruptedException, ExtensionLoadException
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        final AtomicBoolean draining = new AtomicBoolean();
        final Extension liveness = ProbeExtension.liveness();
        final Extension readiness = ProbeExtension.readiness(() -> !draining.get());
        final Extension metrics = new MetricsExtension(registry);
        final UrlMap.Builder map = UrlMap.builder(new NotFoundExtension())
            .map("/livez", liveness)
            .map("/readyz", readiness)
            .map("/healthz", readiness)
            .map("/metrics", metrics);
        final OpenFileCache openFiles = config.documentRoot() == null ? null : new OpenFileCache(config.openFiles(), config.openFileValid());
        if (openFiles != null)
        {
            final DocumentRoot root = new DocumentRoot(config.documentRoot());
            map.documentRoot(root).map("/", new StaticFileExtension(root, openFiles));
        }
        final Deployer deployer = Deployer.start(config.extensions(), config.reloadInterval());
        final HttpServer server;
        final Dispatcher dispatcher;
        final AccessLog accessLog;
        try
        {
            deployer.forEachMapping(map::mount);
            moreMappings.accept(map);
            accessLog = config.accessLog() == null ? null : config.accessLog().start();
            server = HttpServer.create(config.http(), config.dispatcher().poolSize(), accessLog == null ? null : accessLog.ring());
            final DrainingResolver resolver = new DrainingResolver(map.build(), Set.of(liveness, readiness, metrics), draining);
            dispatcher = new Dispatcher(config.dispatcher(), server::exchangeOf, resolver);
        }
        catch (final RuntimeException ex)
        {
            deployer.close();
            throw ex;
        }
        final Ecbd ecbd = new Ecbd(config, server, dispatcher, deployer, accessLog, openFiles, draining);
        try
        {
            dispatcher.start();
            if (config.tenureAtStart())
            {
                tenureStartupHeap();
            }
            server.start(dispatcher);
        }
        catch (final Exception ex)
        {
            // NOTE: Netty throws a failed bind's IOException without declaring it; rethrown as is.
            ecbd.close();
            throw ex;
        }
        ServerMetrics.register(registry, server, dispatcher, deployer, accessLog, openFiles);
        return ecbd;
    }

    /**
     * Collects the whole heap once, before the port opens. Without it, what start-up allocated
     * stays in the young generation until it has survived enough collections to be tenured, and
     * each of those young collections copies all of it: measured under load on one CPU, pauses of
     * 93, 65, 17, 16 and 76 ms in the first minute (the "inline p99 outlier"), against 3-4 ms
     * after a collection at start (BENCHMARKS.md).
     */
    private static void tenureStartupHeap()
    {
        final long startNs = System.nanoTime();
        System.gc();
        LOG.log(System.Logger.Level.DEBUG, "start-up heap collected and tenured in {0} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
    }

    /** @return the access log, or null when there is none. */
    public AccessLog accessLog()
    {
        return accessLog;
    }

    /** @return the deployed extension packages. */
    public Deployer deployer()
    {
        return deployer;
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
        deployer.close();
        if (openFiles != null)
        {
            openFiles.close();
        }
        if (accessLog != null)
        {
            accessLog.close();
        }
        if (dispatcher.pool().inUse() != 0)
        {
            LOG.log(System.Logger.Level.WARNING, "{0} ECB(s) did not return to the pool by shutdown; an extension is stuck inside a call",
                dispatcher.pool().inUse());
        }
    }
}
