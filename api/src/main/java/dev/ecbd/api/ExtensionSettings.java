package dev.ecbd.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * An extension's own settings, from its entry in the server's configuration: what ISAPI left to
 * each DLL's registry keys. Given to {@link Extension#load(ExtensionSettings)} and kept by every
 * ECB ({@link ExtensionControlBlock#settings()}). Immutable; any thread.
 */
public final class ExtensionSettings
{
    private final String name;
    private final Map<String, String> values;
    private final Path baseDirectory;

    private ExtensionSettings(final String name, final Map<String, String> values, final Path baseDirectory)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.values = Map.copyOf(values);
        this.baseDirectory = baseDirectory.toAbsolutePath();
    }

    /**
     * @param name the extension's name in the configuration.
     * @param values its settings, by key.
     * @param baseDirectory where relative paths in the settings start: the configuration file's directory.
     */
    public static ExtensionSettings of(final String name, final Map<String, String> values, final Path baseDirectory)
    {
        return new ExtensionSettings(name, values, baseDirectory);
    }

    /** @return settings with no values, for an extension the server maps itself. */
    public static ExtensionSettings none(final String name)
    {
        return new ExtensionSettings(name, Map.of(), Path.of(""));
    }

    /** @return the extension's name in the configuration. */
    public String name()
    {
        return name;
    }

    /** @return every key, sorted. */
    public Set<String> keys()
    {
        return new TreeMap<>(values).keySet();
    }

    /** @return the value of {@code key}, or null when it is not set. */
    public String get(final String key)
    {
        return values.get(key);
    }

    /** @return the value of {@code key}, or {@code fallback} when it is not set. */
    public String get(final String key, final String fallback)
    {
        return values.getOrDefault(key, fallback);
    }

    /**
     * @return the value of {@code key} as an integer, or {@code fallback} when it is not set.
     * @throws IllegalArgumentException naming the extension and the key, when it is not an integer.
     */
    public long integer(final String key, final long fallback)
    {
        final String value = values.get(key);
        if (value == null)
        {
            return fallback;
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(describe(key) + " must be an integer: " + value);
        }
    }

    /**
     * @return the value of {@code key} as a path, a relative one resolved from the configuration
     *         file's directory; or {@code fallback} resolved the same way when it is not set.
     */
    public Path path(final String key, final String fallback)
    {
        return baseDirectory.resolve(get(key, fallback)).normalize();
    }

    private String describe(final String key)
    {
        return "setting '" + key + "' of extension '" + name + "'";
    }

    @Override
    public String toString()
    {
        return name + new TreeMap<>(values);
    }
}
