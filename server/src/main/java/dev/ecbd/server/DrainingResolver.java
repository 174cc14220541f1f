package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.dispatcher.ExtensionResolver;
import dev.ecbd.server.builtin.DrainingExtension;

import java.util.Set;

/**
 * The URL map as a drain sees it: before the drain every path resolves as mapped; once it has
 * begun, a request (one that arrives on a connection still open) resolves to
 * {@link DrainingExtension}, 503, unless its extension is one that serves through a drain (the
 * probes and metrics). Thread-safe: the drain flag is written once, by the thread closing ecbd.
 */
final class DrainingResolver implements ExtensionResolver
{
    private final ExtensionResolver mapped;
    private final Set<Extension> servedWhileDraining;
    private final Extension draining = new DrainingExtension();
    private volatile boolean drainStarted;

    DrainingResolver(final ExtensionResolver mapped, final Set<Extension> servedWhileDraining)
    {
        this.mapped = mapped;
        this.servedWhileDraining = servedWhileDraining;
    }

    /** Turns every path but those served while draining to 503; once, when the drain begins. */
    void startDrain()
    {
        drainStarted = true;
    }

    /** @return whether the drain has begun; false while the server takes new work. */
    boolean draining()
    {
        return drainStarted;
    }

    @Override
    public Extension resolve(final CharSequence path)
    {
        final Extension extension = mapped.resolve(path);
        return drainStarted && !servedWhileDraining.contains(extension) ? draining : extension;
    }
}
