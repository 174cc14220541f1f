package dev.ecbd.server.deploy;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the extension class loaders not yet collected: a version whose loader outlives its
 * unload by more than a collection is held by something (a thread, a thread-local, a static of a
 * shared library), and this count, exposed as a metric, shows it. Thread-safe.
 */
final class LoaderCensus
{
    private final List<WeakReference<ClassLoader>> loaders = new ArrayList<>();

    synchronized void add(final ClassLoader loader)
    {
        loaders.removeIf(reference -> reference.get() == null);
        loaders.add(new WeakReference<>(loader));
    }

    /** @return how many of the loaders added are still reachable. */
    synchronized int live()
    {
        loaders.removeIf(reference -> reference.get() == null);
        return loaders.size();
    }
}
