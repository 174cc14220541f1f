package dev.ecbd.dispatcher;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionSettings;

import java.nio.file.Path;

/**
 * The server's URL namespace: maps a request path to the route that serves it, and a URL path to
 * a file. Called on I/O threads (resolve, once per request) and workers (mapping, when an
 * extension asks), concurrently: implementations must be thread-safe and must not block; resolve
 * should not allocate.
 */
public interface ExtensionResolver
{
    /**
     * @param path the request path as sent (percent-encoded, no query), valid only during the call.
     * @return the route for it, held until its {@link Route#release()}; never null (answer a
     *         not-found route instead).
     */
    Route resolve(CharSequence path);

    /**
     * {@code HSE_REQ_MAP_URL_TO_PATH}: see {@link dev.ecbd.api.ServerSupport#mapUrlToPath}.
     *
     * @return the file a URL path maps to, or null; this default maps nothing.
     */
    default Path mapUrlToPath(final String urlPath)
    {
        return null;
    }

    /** @return a resolver that sends every path to {@code extension}, mapped under {@code /}. */
    static ExtensionResolver serving(final Extension extension)
    {
        final Route route = Route.of("", extension, ExtensionSettings.none(extension.getClass().getSimpleName()));
        return path -> route;
    }
}
