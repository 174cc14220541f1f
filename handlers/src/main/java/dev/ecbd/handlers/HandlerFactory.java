package dev.ecbd.handlers;

import dev.ecbd.api.ExtensionSettings;

/**
 * Makes the request handlers of one URL mapping, one per request. A deployed class that
 * implements it is hosted through {@link HandlerExtension}, and is told of its load and unload as
 * an extension is ({@link dev.ecbd.api.Extension#load}, {@link dev.ecbd.api.Extension#unload}).
 *
 * <p>{@link #create()} runs on workers, concurrently: it must be thread-safe.
 */
@FunctionalInterface
public interface HandlerFactory
{
    /** @return a new handler for one request. */
    RequestHandler create();

    /** As {@link dev.ecbd.api.Extension#load}: once, before the first request. */
    default void load(final ExtensionSettings settings) throws Exception
    {
    }

    /** As {@link dev.ecbd.api.Extension#unload}: once, after the last request. */
    default void unload()
    {
    }
}
