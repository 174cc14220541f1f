package dev.ecbd.demo;

import dev.ecbd.api.ExtensionSettings;
import dev.ecbd.handlers.HandlerFactory;
import dev.ecbd.handlers.RequestHandler;
import dev.ecbd.handlers.StencilCache;

/**
 * The stencil demo as a deployed handler factory: its setting {@code stencils} names the directory
 * of {@code demo.html} (default {@code stencils}, beside the configuration file).
 */
public final class StencilDemo implements HandlerFactory
{
    /** Set by {@link #load} before the server publishes this factory to any worker. */
    private StencilCache stencils;

    @Override
    public void load(final ExtensionSettings settings)
    {
        stencils = new StencilCache(settings.path("stencils", "stencils"));
    }

    @Override
    public RequestHandler create()
    {
        return new StencilDemoHandler(stencils);
    }
}
