package dev.ecbd.server.config;

import dev.ecbd.api.ExtensionSettings;
import dev.ecbd.server.deploy.PackageSpec;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * ecbd's configuration file, in YAML 1.2: every command-line option as a top-level key of the same
 * name ({@code max-body: 1G}), and {@code extensions}, the packages to deploy and the URL prefixes
 * they serve. Relative paths in it resolve from the file's directory. Read once, at start-up;
 * errors name the file, the line and the key.
 *
 * <pre>
 * port: 8080
 * docroot: site
 * extensions:
 *   - name: hello
 *     path: extensions/hello.jar        # a jar, or a directory of jars
 *     class: com.example.Hello          # an Extension or a HandlerFactory
 *     urls: [/hello]
 *     settings: {greeting: Hello}
 * </pre>
 */
public final class ConfigFile
{
    /** An option's value as written, and where. */
    public record Setting(String value, String where)
    {
    }

    private static final Set<String> EXTENSION_KEYS = Set.of("name", "path", "class", "urls", "settings");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final Path file;
    private final Map<String, Setting> options;
    private final List<PackageSpec> extensions;

    private ConfigFile(final Path file, final Map<String, Setting> options, final List<PackageSpec> extensions)
    {
        this.file = file;
        this.options = options;
        this.extensions = extensions;
    }

    /**
     * @param optionNames the options a file may set, by their names without dashes.
     * @throws ConfigException for a file that cannot be read, is not YAML, or holds an unknown key or
     *         a value of the wrong shape.
     */
    public static ConfigFile read(final Path file, final Set<String> optionNames)
    {
        final Path path = file.toAbsolutePath().normalize();
        final Node root;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8))
        {
            root = new Compose(LoadSettings.builder().setLabel(file.toString()).setAllowDuplicateKeys(false).build()).composeReader(reader).orElse(null);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file.toString(), "cannot be read: " + ex.getMessage());
        }
        catch (final MarkedYamlEngineException ex)
        {
            throw new ConfigException(where(file, ex.getProblemMark()), "not valid YAML: " + ex.getProblem());
        }
        catch (final YamlEngineException ex)
        {
            throw new ConfigException(file.toString(), "not valid YAML: " + ex.getMessage());
        }
        final Reading reading = new Reading(file, path.getParent());
        if (root == null)
        {
            return new ConfigFile(path, Map.of(), List.of());
        }
        final Map<String, Setting> options = new LinkedHashMap<>();
        final List<PackageSpec> extensions = new ArrayList<>();
        for (final NodeTuple entry : reading.mapping(root, "the top level").getValue())
        {
            final String key = reading.scalar(entry.getKeyNode(), "a key");
            if (key.equals("extensions"))
            {
                extensions.addAll(reading.extensions(entry.getValueNode()));
            }
            else if (optionNames.contains(key))
            {
                options.put(key, new Setting(reading.scalarOrList(entry.getValueNode(), key), reading.where(entry.getKeyNode())));
            }
            else
            {
                throw new ConfigException(reading.where(entry.getKeyNode()), "unknown key '" + key + "'; known keys: extensions, "
                    + String.join(", ", new TreeSet<>(optionNames)));
            }
        }
        return new ConfigFile(path, options, List.copyOf(extensions));
    }

    /**
     * @return the configuration file {@code --config} names (or {@code ECBD_CONFIG}), read; else
     *         the installation's {@code demo/ecbd.yaml} when there is one; else null.
     * @throws ConfigException for a file that cannot be used.
     */
    public static ConfigFile locate(final String[] args, final Map<String, String> environment, final Set<String> optionNames)
    {
        String named = environment.get(LayeredDefaults.environmentVariable("config"));
        for (int i = 0; i < args.length; i++)
        {
            if (args[i].equals("--config") && i + 1 < args.length)
            {
                named = args[i + 1];
            }
            else if (args[i].startsWith("--config="))
            {
                named = args[i].substring("--config=".length());
            }
        }
        if (named != null)
        {
            return read(Path.of(named), optionNames);
        }
        final Path installed = installation().resolve("demo/ecbd.yaml");
        return Files.isRegularFile(installed) ? read(installed, optionNames) : null;
    }

    /** @return where ecbd is installed: {@code bin/ecbd} passes its root as {@code ecbd.home}; else the working directory. */
    private static Path installation()
    {
        return Path.of(System.getProperty("ecbd.home", "")).toAbsolutePath();
    }

    /** @return the file, absolute. */
    public Path file()
    {
        return file;
    }

    /** @return the directory relative paths in the file start from. */
    public Path directory()
    {
        return file.getParent();
    }

    /** @return the option named {@code name} (without dashes), or null when the file does not set it. */
    public Setting option(final String name)
    {
        return options.get(name);
    }

    /** @return the extension packages, in the file's order. */
    public List<PackageSpec> extensions()
    {
        return extensions;
    }

    private static String where(final Path file, final Optional<Mark> mark)
    {
        return mark.map(m -> file + ":" + (m.getLine() + 1)).orElse(file.toString());
    }

    /** The walk over one file's nodes, with what its messages need. */
    private record Reading(Path file, Path directory)
    {
        String where(final Node node)
        {
            return ConfigFile.where(file, node.getStartMark());
        }

        MappingNode mapping(final Node node, final String what)
        {
            if (node instanceof MappingNode mapping)
            {
                return mapping;
            }
            throw new ConfigException(where(node), what + " must be a mapping of keys to values");
        }

        String scalar(final Node node, final String key)
        {
            if (node instanceof ScalarNode scalar)
            {
                return scalar.getValue();
            }
            throw new ConfigException(where(node), key + ": must be a single value");
        }

        /** @return a scalar, or a list of scalars joined with commas (a repeatable option). */
        String scalarOrList(final Node node, final String key)
        {
            return String.join(",", scalars(node, key));
        }

        /** @return a list of scalars, or a single scalar as a list of one. */
        List<String> scalars(final Node node, final String key)
        {
            if (node instanceof SequenceNode sequence)
            {
                final List<String> values = new ArrayList<>();
                for (final Node element : sequence.getValue())
                {
                    values.add(scalar(element, key));
                }
                return values;
            }
            return List.of(scalar(node, key));
        }

        List<PackageSpec> extensions(final Node node)
        {
            if (!(node instanceof SequenceNode sequence))
            {
                throw new ConfigException(where(node), "extensions: must be a list, one entry an extension");
            }
            final List<PackageSpec> specs = new ArrayList<>();
            final Set<String> names = new HashSet<>();
            for (int i = 0; i < sequence.getValue().size(); i++)
            {
                final PackageSpec spec = extension(sequence.getValue().get(i), "extensions[" + i + "]");
                if (!names.add(spec.name()))
                {
                    throw new ConfigException(where(sequence.getValue().get(i)), "extensions[" + i + "].name: '" + spec.name() + "' names two extensions");
                }
                specs.add(spec);
            }
            return specs;
        }

        private PackageSpec extension(final Node node, final String key)
        {
            final MappingNode mapping = mapping(node, key);
            final Map<String, Node> fields = new LinkedHashMap<>();
            for (final NodeTuple entry : mapping.getValue())
            {
                final String field = scalar(entry.getKeyNode(), key);
                if (!EXTENSION_KEYS.contains(field))
                {
                    throw new ConfigException(where(entry.getKeyNode()), key + ": unknown key '" + field + "'; known keys: "
                        + String.join(", ", new TreeSet<>(EXTENSION_KEYS)));
                }
                fields.put(field, entry.getValueNode());
            }
            final String name = required(fields, mapping, key, "name");
            if (!NAME.matcher(name).matches())
            {
                throw new ConfigException(where(fields.get("name")), key + ".name: letters, digits, '.', '_' and '-' only: " + name);
            }
            final String path = required(fields, mapping, key, "path");
            final String className = required(fields, mapping, key, "class");
            final List<String> urls = urls(fields.get("urls"), mapping, key + ".urls");
            final Map<String, String> settings = settings(fields.get("settings"), key + ".settings");
            return new PackageSpec(name, directory.resolve(path), className, urls, ExtensionSettings.of(name, settings, directory));
        }

        private String required(final Map<String, Node> fields, final Node entry, final String key, final String field)
        {
            final Node node = fields.get(field);
            if (node == null)
            {
                throw new ConfigException(where(entry), key + "." + field + ": missing");
            }
            final String value = scalar(node, key + "." + field);
            if (value.isBlank())
            {
                throw new ConfigException(where(node), key + "." + field + ": empty");
            }
            return value;
        }

        private List<String> urls(final Node node, final Node entry, final String key)
        {
            if (node == null)
            {
                throw new ConfigException(where(entry), key + ": missing; the URL prefixes the extension serves, like [/hello]");
            }
            final List<String> urls = scalars(node, key);
            for (final String url : urls)
            {
                if (!url.startsWith("/"))
                {
                    throw new ConfigException(where(node), key + ": a URL prefix must start with '/': " + url);
                }
            }
            return urls;
        }

        private Map<String, String> settings(final Node node, final String key)
        {
            final Map<String, String> settings = new LinkedHashMap<>();
            if (node != null)
            {
                for (final NodeTuple entry : mapping(node, key).getValue())
                {
                    final String name = scalar(entry.getKeyNode(), key);
                    settings.put(name, scalar(entry.getValueNode(), key + "." + name));
                }
            }
            return settings;
        }
    }
}
