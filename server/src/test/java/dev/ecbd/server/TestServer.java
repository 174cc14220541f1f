package dev.ecbd.server;

import dev.ecbd.demo.EchoExtension;
import dev.ecbd.demo.PlaintextExtension;
import dev.ecbd.demo.StreamDemoExtension;
import dev.ecbd.demo.UploadDemoExtension;
import dev.ecbd.dispatcher.Dispatcher;
import dev.ecbd.server.deploy.ExtensionLoadException;
import dev.ecbd.transport.HttpServer;
import dev.ecbd.transport.TransportKind;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** ecbd on a free port of 127.0.0.1 for one test; closing it fails the test if an ECB never came back. */
final class TestServer implements AutoCloseable
{
    private final Ecbd ecbd;

    private TestServer(final Ecbd ecbd)
    {
        this.ecbd = ecbd;
    }

    static TestServer start(final TransportKind transport) throws InterruptedException
    {
        return start(transport, config -> { }, mappings -> { });
    }

    static TestServer start(final TransportKind transport, final Consumer<EcbdConfig.Builder> settings, final Consumer<UrlMap.Builder> mappings)
        throws InterruptedException
    {
        final EcbdConfig.Builder config = defaults(transport);
        settings.accept(config);
        return new TestServer(start(config.build(), map -> mappings.accept(demoExtensions(map))));
    }

    static TestServer withDocroot(final TransportKind transport, final java.nio.file.Path docroot) throws InterruptedException
    {
        return start(transport, config -> config.documentRoot(docroot), map -> { });
    }

    /**
     * Maps the demo extensions the way the demo configuration does, from the test's class path:
     * the tests of deployment load their jar.
     */
    static UrlMap.Builder demoExtensions(final UrlMap.Builder map)
    {
        return map.map("/plaintext", new PlaintextExtension())
            .map("/plaintext-inline", new PlaintextExtension.Inline())
            .map("/echo", new EchoExtension())
            .map("/demo/stream", new StreamDemoExtension())
            .map("/demo/upload", new UploadDemoExtension());
    }

    /** Starts ecbd; a configuration without extensions cannot fail to load any. */
    private static Ecbd start(final EcbdConfig config, final Consumer<UrlMap.Builder> mappings) throws InterruptedException
    {
        try
        {
            return Ecbd.start(config, mappings);
        }
        catch (final ExtensionLoadException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static EcbdConfig.Builder defaults(final TransportKind transport)
    {
        final EcbdConfig.Builder config = EcbdConfig.builder().tenureAtStart(false);
        config.http().port(0).transport(transport).ioThreads(1).drainTimeout(Duration.ofSeconds(5));
        config.dispatcher().workers(2).poolSize(64);
        return config;
    }

    int port()
    {
        return ecbd.server().port();
    }

    Ecbd ecbd()
    {
        return ecbd;
    }

    HttpServer server()
    {
        return ecbd.server();
    }

    Dispatcher dispatcher()
    {
        return ecbd.dispatcher();
    }

    /** Waits, at most ten seconds, until every ECB is back in the pool. */
    void awaitPoolIdle()
    {
        awaitUntil(() -> dispatcher().pool().inUse() == 0, () -> dispatcher().pool().inUse() + " ECB(s) did not return to the pool");
    }

    /** Waits, at most ten seconds, until the server has closed every connection. */
    void awaitNoConnections()
    {
        awaitUntil(() -> server().openConnections() == 0, () -> server().openConnections() + " connection(s) still open");
    }

    /** Waits, at most ten seconds, until {@code condition} holds; else fails with {@code failure}. */
    static void awaitUntil(final BooleanSupplier condition, final Supplier<String> failure)
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail(failure.get());
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void close()
    {
        ecbd.close();
        assertEquals(0, dispatcher().pool().inUse(), "ECBs that never returned to the pool");
    }
}
