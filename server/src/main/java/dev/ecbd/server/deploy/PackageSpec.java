package dev.ecbd.server.deploy;

import dev.ecbd.api.ExtensionSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One extension package as the configuration names it: where its jars are, the class to load, the
 * URL prefixes it serves, and its settings.
 *
 * @param name the extension's name, unique in the configuration.
 * @param path a jar, or a directory whose {@code *.jar} files make up the package.
 * @param className the class to instantiate: an {@link dev.ecbd.api.Extension} or a
 *        {@link dev.ecbd.handlers.HandlerFactory}.
 * @param prefixes the URL prefixes it is mapped to, at least one.
 * @param settings its own settings.
 */
public record PackageSpec(String name, Path path, String className, List<String> prefixes, ExtensionSettings settings)
{
    public PackageSpec
    {
        Objects.requireNonNull(name, "name");
        path = path.toAbsolutePath().normalize();
        Objects.requireNonNull(className, "className");
        prefixes = List.copyOf(prefixes);
        if (prefixes.isEmpty())
        {
            throw new IllegalArgumentException("extension '" + name + "' is mapped to no URL prefix");
        }
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * @return the package's jars: {@link #path()} itself, or the jars in it, sorted by name.
     * @throws IOException when the path cannot be read or holds no jar.
     */
    List<Path> jars() throws IOException
    {
        if (!Files.isDirectory(path))
        {
            if (!Files.isRegularFile(path))
            {
                throw new IOException("no such jar or directory");
            }
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path))
        {
            final List<Path> jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty())
            {
                throw new IOException("the directory holds no jar");
            }
            return jars;
        }
    }

    /** @return the package's name and path, for messages. */
    String describe()
    {
        return "extension '" + name + "' (" + path + ")";
    }
}
