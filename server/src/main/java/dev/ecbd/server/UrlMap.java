package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.dispatcher.ExtensionResolver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Maps URL path prefixes to extensions; the longest matching prefix wins. A prefix matches a path
 * equal to it or continuing with {@code /} after it ({@code /echo} serves {@code /echo} and
 * {@code /echo/x}, never {@code /echoes}); the prefix {@code /} matches every path. Paths are
 * compared as sent, still percent-encoded. Immutable once built; resolving allocates nothing.
 */
public final class UrlMap implements ExtensionResolver
{
    private record Mapping(String prefix, Extension extension)
    {
    }

    private final Mapping[] mappings;
    private final Extension notFound;

    private UrlMap(final List<Mapping> mappings, final Extension notFound)
    {
        this.mappings = mappings.stream().sorted(Comparator.comparingInt((Mapping m) -> m.prefix().length()).reversed()).toArray(Mapping[]::new);
        this.notFound = notFound;
    }

    @Override
    public Extension resolve(final CharSequence path)
    {
        for (final Mapping mapping : mappings)
        {
            if (matches(mapping.prefix(), path))
            {
                return mapping.extension();
            }
        }
        return notFound;
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
        private final Extension notFound;

        private Builder(final Extension notFound)
        {
            this.notFound = notFound;
        }

        /**
         * @param prefix a path prefix starting with {@code /}.
         * @throws IllegalArgumentException for a prefix not starting with {@code /}, or mapped twice.
         */
        public Builder map(final String prefix, final Extension extension)
        {
            if (prefix.isEmpty() || prefix.charAt(0) != '/')
            {
                throw new IllegalArgumentException("a URL prefix must start with '/': " + prefix);
            }
            if (mappings.stream().anyMatch(m -> m.prefix().equals(prefix)))
            {
                throw new IllegalArgumentException("URL prefix mapped twice: " + prefix);
            }
            mappings.add(new Mapping(prefix, extension));
            return this;
        }

        public UrlMap build()
        {
            return new UrlMap(mappings, notFound);
        }
    }
}
