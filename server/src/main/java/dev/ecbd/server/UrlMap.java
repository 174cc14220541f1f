package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionSettings;
import dev.ecbd.dispatcher.ExtensionResolver;
import dev.ecbd.dispatcher.Route;
import dev.ecbd.server.builtin.DocumentRoot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Maps URL path prefixes to extensions; the longest matching prefix wins. A prefix matches a path
 * equal to it or continuing with {@code /} after it ({@code /echo} serves {@code /echo} and
 * {@code /echo/x}, never {@code /echoes}); the prefix {@code /} matches every path. Paths are
 * compared as sent, still percent-encoded. Immutable once built; resolving allocates nothing.
 * URL paths map to files under the document root, when there is one.
 */
public final class UrlMap implements ExtensionResolver
{
    private record Mapping(String prefix, Supplier<Route> routes)
    {
    }

    private final Mapping[] mappings;
    private final Route notFound;
    private final DocumentRoot documentRoot;

    private UrlMap(final List<Mapping> mappings, final Route notFound, final DocumentRoot documentRoot)
    {
        this.mappings = mappings.stream().sorted(Comparator.comparingInt((Mapping m) -> m.prefix().length()).reversed()).toArray(Mapping[]::new);
        this.notFound = notFound;
        this.documentRoot = documentRoot;
    }

    @Override
    public Route resolve(final CharSequence path)
    {
        for (final Mapping mapping : mappings)
        {
            if (matches(mapping.prefix(), path))
            {
                return mapping.routes().get();
            }
        }
        return notFound;
    }

    @Override
    public Path mapUrlToPath(final String urlPath)
    {
        return documentRoot == null ? null : documentRoot.map(urlPath);
    }

    private static boolean matches(final String prefix, final CharSequence path)
    {
        final int length = prefix.length();
        if (path.length() < length)
        {
            return false;
        }
        for (int i = length - 1; i >= 0; i--)
        {
            if (path.charAt(i) != prefix.charAt(i))
            {
                return false;
            }
        }
        return path.length() == length || prefix.charAt(length - 1) == '/' || path.charAt(length) == '/';
    }

    /** @return a builder whose unmapped paths go to {@code notFound}. */
    public static Builder builder(final Extension notFound)
    {
        return new Builder(notFound);
    }

    /** Collects mappings. */
    public static final class Builder
    {
        private final List<Mapping> mappings = new ArrayList<>();
        private final Route notFound;
        private DocumentRoot documentRoot;

        private Builder(final Extension notFound)
        {
            this.notFound = Route.of("", notFound, ExtensionSettings.none("not-found"));
        }

        /**
         * Maps an extension the server holds itself: its route never changes.
         *
         * @param prefix a path prefix starting with {@code /}.
         * @throws IllegalArgumentException for a prefix not starting with {@code /}, or mapped twice.
         */
        public Builder map(final String prefix, final Extension extension)
        {
            final Route route = Route.of(Route.mappedPrefix(prefix), extension, ExtensionSettings.none(prefix));
            return mount(prefix, () -> route);
        }

        /**
         * Maps a source of routes, asked once per request: a deployed package, whose route holds
         * the version serving the request until it ends.
         *
         * @throws IllegalArgumentException as {@link #map} does.
         */
        public Builder mount(final String prefix, final Supplier<Route> routes)
        {
            if (prefix.isEmpty() || prefix.charAt(0) != '/')
            {
                throw new IllegalArgumentException("a URL prefix must start with '/': " + prefix);
            }
            if (mappings.stream().anyMatch(m -> m.prefix().equals(prefix)))
            {
                throw new IllegalArgumentException("URL prefix mapped twice: " + prefix);
            }
            mappings.add(new Mapping(prefix, routes));
            return this;
        }

        /** Sets the document root that URL paths map to files under. */
        public Builder documentRoot(final DocumentRoot root)
        {
            this.documentRoot = root;
            return this;
        }

        public UrlMap build()
        {
            return new UrlMap(mappings, notFound, documentRoot);
        }
    }
}
