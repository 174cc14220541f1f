package dev.ecbd.server.deploy;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionSettings;
import dev.ecbd.dispatcher.Route;
import dev.ecbd.handlers.HandlerExtension;
import dev.ecbd.handlers.HandlerFactory;
import dev.ecbd.api.HolderCount;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * One loaded version of an extension package: its class loader, over private copies of its jars
 * (so that a jar replaced on disk never changes the classes of a version still serving), and the
 * extension instance, loaded with its settings.
 *
 * <h2>Lifetime</h2>
 * A count of holders: the {@link Mount} serving it holds one, and each request that resolved to it
 * holds one until its route is released. {@link #tryAcquire()} fails once the count has reached
 * 0, so a request can never pin a version that has begun to unload. The last release hands the
 * unload (the extension's {@code unload}, the loader's close, the copies' deletion) to the
 * deployer's thread: releases come from I/O threads, which must not run extension code.
 */
final class Deployment
{
    private static final System.Logger LOG = System.getLogger(Deployment.class.getName());

    private final PackageSpec spec;
    private final int version;
    private final Path copies;
    private final URLClassLoader loader;
    private final Extension extension;
    private final Route[] routes;
    private final Executor unloader;
    private final HolderCount holders = new HolderCount();

    private Deployment(final PackageSpec spec, final int version, final Path copies, final URLClassLoader loader, final Extension extension,
        final Executor unloader)
    {
        this.spec = spec;
        this.version = version;
        this.copies = copies;
        this.loader = loader;
        this.extension = extension;
        this.unloader = unloader;
        this.routes = spec.prefixes().stream().map(prefix -> new DeployedRoute(this, Route.mappedPrefix(prefix))).toArray(Route[]::new);
    }

    /**
     * Loads version {@code version} of a package: copies its jars, makes its class loader,
     * instantiates its class and calls its {@code load}. Deployer's thread.
     *
     * @throws ExtensionLoadException naming the package, the class and the reason; nothing is left
     *         open.
     */
    static Deployment load(final PackageSpec spec, final int version, final ClassLoader parent, final Executor unloader) throws ExtensionLoadException
    {
        final Path copies;
        final URLClassLoader loader;
        try
        {
            final List<Path> jars = spec.jars();
            copies = Files.createTempDirectory("ecbd-" + spec.name() + "-v" + version + "-");
            final URL[] urls = new URL[jars.size()];
            for (int i = 0; i < urls.length; i++)
            {
                urls[i] = copy(jars.get(i), copies.resolve(i + "-" + jars.get(i).getFileName()));
            }
            loader = new URLClassLoader("ecbd-extension-" + spec.name() + "-v" + version, urls, parent);
        }
        catch (final IOException ex)
        {
            throw new ExtensionLoadException(spec, "cannot read the package: " + ex.getMessage(), ex);
        }
        try
        {
            final Extension extension = instantiate(spec, loader);
            final Deployment deployment = new Deployment(spec, version, copies, loader, extension, unloader);
            extension.load(spec.settings());
            return deployment;
        }
        catch (final ExtensionLoadException ex)
        {
            close(loader, copies);
            throw ex;
        }
        catch (final Exception | LinkageError ex)
        {
            close(loader, copies);
            throw new ExtensionLoadException(spec, "load failed: " + ex, ex);
        }
    }

    private static URL copy(final Path jar, final Path copy) throws IOException
    {
        Files.copy(jar, copy);
        try
        {
            return copy.toUri().toURL();
        }
        catch (final MalformedURLException ex)
        {
            throw new IOException(ex);
        }
    }

    private static Extension instantiate(final PackageSpec spec, final ClassLoader loader) throws ExtensionLoadException
    {
        final Object instance;
        try
        {
            instance = Class.forName(spec.className(), true, loader).getConstructor().newInstance();
        }
        catch (final ClassNotFoundException ex)
        {
            throw new ExtensionLoadException(spec, "no such class in the package", ex);
        }
        catch (final NoSuchMethodException | IllegalAccessException ex)
        {
            throw new ExtensionLoadException(spec, "needs to be public, with a public constructor without arguments", ex);
        }
        catch (final InvocationTargetException ex)
        {
            throw new ExtensionLoadException(spec, "its constructor threw " + ex.getCause(), ex.getCause());
        }
        catch (final ReflectiveOperationException | LinkageError ex)
        {
            throw new ExtensionLoadException(spec, "cannot be instantiated: " + ex, ex);
        }
        return switch (instance)
        {
            case Extension extension -> extension;
            case HandlerFactory factory -> new HandlerExtension(factory);
            default -> throw new ExtensionLoadException(spec, "is neither a dev.ecbd.api.Extension nor a dev.ecbd.handlers.HandlerFactory", null);
        };
    }

    /** @return the version number, from 1, counting this package's loads. */
    int version()
    {
        return version;
    }

    /** @return its class loader, to watch for collection. */
    ClassLoader loader()
    {
        return loader;
    }

    /** @return the route to this version under prefix number {@code index} of the package. */
    Route route(final int index)
    {
        return routes[index];
    }

    /** @return whether this version took one more holder; false once it has begun to unload. Any thread. */
    boolean tryAcquire()
    {
        return holders.tryAcquire();
    }

    /** Drops one holder; the last one's release schedules the unload. Any thread; never blocks on the unload. */
    void release()
    {
        if (holders.release())
        {
            unloader.execute(this::unload);
        }
    }

    private void unload()
    {
        try
        {
            extension.unload();
        }
        catch (final RuntimeException | LinkageError ex)
        {
            LOG.log(System.Logger.Level.WARNING, spec.describe() + " v" + version + ": unload threw; its class loader is closed all the same", ex);
        }
        close(loader, copies);
        LOG.log(System.Logger.Level.DEBUG, "{0} v{1} unloaded", spec.describe(), version);
    }

    private static void close(final URLClassLoader loader, final Path copies)
    {
        try
        {
            loader.close();
            try (Stream<Path> files = Files.walk(copies))
            {
                for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.delete(file);
                }
            }
        }
        catch (final IOException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "cannot remove the copies in {0}: {1}", copies, ex.toString());
        }
    }

    @Override
    public String toString()
    {
        return spec.describe() + " v" + version;
    }

    /** A route to this version: releasing it drops the request's hold. */
    private record DeployedRoute(Deployment deployment, String prefix) implements Route
    {
        @Override
        public Extension extension()
        {
            return deployment.extension;
        }

        @Override
        public ExtensionSettings settings()
        {
            return deployment.spec.settings();
        }

        @Override
        public void release()
        {
            deployment.release();
        }
    }
}
