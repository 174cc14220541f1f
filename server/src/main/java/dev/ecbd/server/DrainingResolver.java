package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionSettings;
import dev.ecbd.dispatcher.ExtensionResolver;
import dev.ecbd.dispatcher.Route;
import dev.ecbd.server.builtin.DrainingExtension;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The URL map as a drain sees it: before the drain every path resolves as mapped; once it has
 * begun, a request (one that arrives on a connection still open) resolves to
 * {@link DrainingExtension}, 503, unless its extension is one that serves through a drain (the
 * probes and metrics). Thread-safe: the drain flag is set once, by the thread closing ecbd.
 */
final class DrainingResolver implements ExtensionResolver
{
    private final ExtensionResolver mapped;
    private final Set<Extension> servedWhileDraining;
    private final AtomicBoolean drainStarted;
    private final Route draining = Route.of("", new DrainingExtension(), ExtensionSettings.none("draining"));

    /** @param drainStarted set when the drain begins. */
    DrainingResolver(final ExtensionResolver mapped, final Set<Extension> servedWhileDraining, final AtomicBoolean drainStarted)
    {
        this.mapped = mapped;
        this.servedWhileDraining = servedWhileDraining;
        this.drainStarted = drainStarted;
    }

    @Override
    public Route resolve(final CharSequence path)
    {
        final Route route = mapped.resolve(path);
        if (drainStarted.get() && !servedWhileDraining.contains(route.extension()))
        {
            route.release();
            return draining;
        }
        return route;
    }

    @Override
    public Path mapUrlToPath(final String urlPath)
    {
        return mapped.mapUrlToPath(urlPath);
    }
}
