package dev.ecbd.dispatcher;

import dev.ecbd.api.Extension;

/**
 * Maps a request path to the extension that serves it. Called on I/O threads, once per request,
 * concurrently: implementations must be thread-safe, must not block, and should not allocate.
 */
@FunctionalInterface
public interface ExtensionResolver
{
    /**
     * @param path the request path as sent (percent-encoded, no query), valid only during the call.
     * @return the extension for it; never null (answer a not-found extension instead).
     */
    Extension resolve(CharSequence path);
}
