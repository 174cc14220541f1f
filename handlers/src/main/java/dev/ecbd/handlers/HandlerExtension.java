package dev.ecbd.handlers;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Hosts request handlers as an extension: map it to a URL prefix like any other. Each request
 * gets a new handler from the factory, so a handler serves one request and is never run by two
 * threads at once.
 */
public final class HandlerExtension implements Extension
{
    private final Supplier<? extends RequestHandler> factory;

    /** @param factory makes one handler per request. */
    public HandlerExtension(final Supplier<? extends RequestHandler> factory)
    {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws Exception
    {
        final RequestHandler handler = factory.get();
        return new HandlerRun(ecb, handler, Declaration.of(handler.getClass())).start();
    }
}
