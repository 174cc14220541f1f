package dev.ecbd.server.deploy;

import dev.ecbd.dispatcher.Route;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Loads the configured extension packages and replaces them without a restart, as IIS recycled
 * ISAPI extensions: when a package's jars change on disk (polled, and loaded once they have stayed
 * the same for one interval) or on {@link #reloadAll()}, a new version is loaded beside the old
 * one; new requests go to it, requests in flight finish on the old one, which unloads after its
 * last request. A version that fails to load is logged and the old one keeps serving.
 *
 * <p>Loads, polls and unloads all run on one thread, {@code ecbd-deployer}, so a package is never
 * loaded twice at once and no I/O thread or worker ever runs an extension's {@code load} or
 * {@code unload}; an unload that falls due once that thread has stopped (a request ending during
 * shutdown) runs on the thread that released it.
 */
public final class Deployer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(Deployer.class.getName());

    private final List<Mount> mounts;
    private final ScheduledThreadPoolExecutor thread;
    private final ClassLoader sharedApi;
    private final LoaderCensus census;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failedReloads = new AtomicLong();

    private Deployer(final List<Mount> mounts, final ScheduledThreadPoolExecutor thread, final ClassLoader sharedApi, final LoaderCensus census)
    {
        this.mounts = mounts;
        this.thread = thread;
        this.sharedApi = sharedApi;
        this.census = census;
    }

    /**
     * Loads every package, in order; any failure unloads those loaded before it.
     *
     * @param pollInterval how often to look for changed jars; zero for never.
     * @throws ExtensionLoadException for the first package that cannot be loaded.
     */
    public static Deployer start(final List<PackageSpec> specs, final Duration pollInterval) throws ExtensionLoadException
    {
        final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, task ->
        {
            final Thread deployer = new Thread(task, "ecbd-deployer");
            deployer.setDaemon(true);
            return deployer;
        }, (task, executor) -> task.run());
        final ClassLoader sharedApi = new SharedApiLoader(Deployer.class.getClassLoader());
        final LoaderCensus census = new LoaderCensus();
        final List<Mount> mounts = new ArrayList<>();
        try
        {
            for (final PackageSpec spec : specs)
            {
                final List<Mount.JarState> files = filesOf(spec);
                final Deployment first = Deployment.load(spec, 1, sharedApi, thread);
                census.add(first.loader());
                mounts.add(new Mount(spec, first, files));
                LOG.log(System.Logger.Level.INFO, "{0}: {1} serves {2}", spec.describe(), spec.className(), spec.prefixes());
            }
        }
        catch (final ExtensionLoadException ex)
        {
            mounts.forEach(Mount::unmount);
            shutdown(thread);
            throw ex;
        }
        final Deployer deployer = new Deployer(List.copyOf(mounts), thread, sharedApi, census);
        if (!pollInterval.isZero() && !specs.isEmpty())
        {
            thread.scheduleWithFixedDelay(deployer::poll, pollInterval.toNanos(), pollInterval.toNanos(), TimeUnit.NANOSECONDS);
        }
        return deployer;
    }

    private static List<Mount.JarState> filesOf(final PackageSpec spec) throws ExtensionLoadException
    {
        try
        {
            return Mount.files(spec);
        }
        catch (final IOException ex)
        {
            throw new ExtensionLoadException(spec, "cannot read the package: " + ex.getMessage(), ex);
        }
    }

    /** Gives each URL prefix of each package to {@code map}, with the source of its routes (each route holds a version until released). */
    public void forEachMapping(final BiConsumer<String, Supplier<Route>> map)
    {
        for (final Mount mount : mounts)
        {
            final List<String> prefixes = mount.spec().prefixes();
            for (int i = 0; i < prefixes.size(); i++)
            {
                final int index = i;
                map.accept(prefixes.get(i), () -> mount.acquire(index));
            }
        }
    }

    /** Loads a new version of every package, whether or not its jars changed (SIGHUP). Returns at once. */
    public void reloadAll()
    {
        thread.execute(() ->
        {
            for (final Mount mount : mounts)
            {
                try
                {
                    reload(mount, filesOf(mount.spec()));
                }
                catch (final ExtensionLoadException ex)
                {
                    failed(ex);
                }
            }
        });
    }

    private void poll()
    {
        for (final Mount mount : mounts)
        {
            try
            {
                final List<Mount.JarState> changed = mount.settledChange();
                if (changed != null)
                {
                    reload(mount, changed);
                }
            }
            catch (final IOException ex)
            {
                // NOTE: a jar being replaced by a rename can be missing for a moment; the next poll sees it.
                LOG.log(System.Logger.Level.DEBUG, "{0}: cannot read the package for now: {1}", mount.spec().describe(), ex.getMessage());
            }
            catch (final ExtensionLoadException ex)
            {
                mount.polledFilesFailed();
                failed(ex);
            }
        }
    }

    private void reload(final Mount mount, final List<Mount.JarState> files) throws ExtensionLoadException
    {
        final Deployment previous = mount.current();
        final Deployment next = Deployment.load(mount.spec(), previous.version() + 1, sharedApi, thread);
        census.add(next.loader());
        mount.replace(next, files);
        reloads.incrementAndGet();
        LOG.log(System.Logger.Level.INFO, "{0}: v{1} serves new requests; v{2} unloads after its last request",
            mount.spec().describe(), next.version(), previous.version());
    }

    private void failed(final ExtensionLoadException ex)
    {
        failedReloads.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, "reload failed, the loaded version goes on serving: {0}", ex.getMessage());
    }

    /** @return how many new versions were loaded since start-up. */
    public long reloads()
    {
        return reloads.get();
    }

    /** @return how many reloads failed (the version before went on serving). */
    public long failedReloads()
    {
        return failedReloads.get();
    }

    /** @return how many extension class loaders have not been collected yet, those serving included. */
    public int liveLoaders()
    {
        return census.live();
    }

    /**
     * Unloads every package once its last request has ended; waits up to 10 s for the unloads. Call
     * after the server has stopped taking requests.
     */
    @Override
    public void close()
    {
        thread.execute(() -> mounts.forEach(Mount::unmount));
        shutdown(thread);
    }

    private static void shutdown(final ExecutorService thread)
    {
        thread.shutdown();
        try
        {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS))
            {
                LOG.log(System.Logger.Level.WARNING, "extensions still unloading after 10 s; going on without them");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
