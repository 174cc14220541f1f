package dev.ecbd.handlers;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionSettings;
import dev.ecbd.api.ExtensionStatus;

import java.util.Objects;

/**
 * Hosts request handlers as an extension: map it to a URL prefix like any other. Each request
 * gets a new handler from the factory, so a handler serves one request and is never run by two
 * threads at once. The factory is told of the extension's load and unload.
 */
public final class HandlerExtension implements Extension
{
    private final HandlerFactory factory;

    /** @param factory makes one handler per request. */
    public HandlerExtension(final HandlerFactory factory)
    {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws Exception
    {
        final RequestHandler handler = factory.create();
        return new HandlerRun(ecb, handler, Declaration.of(handler.getClass())).start();
    }

    @Override
    public void load(final ExtensionSettings settings) throws Exception
    {
        factory.load(settings);
    }

    @Override
    public void unload()
    {
        factory.unload();
    }

    @Override
    public String toString()
    {
        return "handlers of " + factory.getClass().getName();
    }
}
