package dev.ecbd.dispatcher;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionSettings;

/**
 * What a request path resolved to: the extension, the URL prefix it is mapped under, and its
 * settings. A route may pin what it resolved to (a deployed extension's version) until
 * {@link #release()}.
 */
public interface Route
{
    /** @return the extension that serves the request. */
    Extension extension();

    /** @return the URL prefix the extension is mapped under, without a trailing {@code /}. */
    String prefix();

    /** @return the extension's settings. */
    ExtensionSettings settings();

    /**
     * Ends the request's hold on the route: called once for each {@link ExtensionResolver#resolve}
     * that returned it, on the request's I/O thread, after the extension's last call for the
     * request has returned. Must not block.
     */
    default void release()
    {
    }

    /**
     * @return the mapped prefix a URL prefix gives, as {@link #prefix()} holds it: without a
     *         trailing {@code /}, so that {@code /} maps as the empty prefix.
     */
    static String mappedPrefix(final String urlPrefix)
    {
        return urlPrefix.endsWith("/") ? urlPrefix.substring(0, urlPrefix.length() - 1) : urlPrefix;
    }

    /** @return a route that pins nothing. */
    static Route of(final String prefix, final Extension extension, final ExtensionSettings settings)
    {
        return new FixedRoute(prefix, extension, settings);
    }

    /** A route to an extension that never changes. */
    record FixedRoute(String prefix, Extension extension, ExtensionSettings settings) implements Route
    {
    }
}
