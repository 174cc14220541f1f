package dev.ecbd.server.config;

import picocli.CommandLine;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where an option's value comes from when the command line does not give it: an environment
 * variable ({@code ECBD_MAX_BODY} for {@code --max-body}), else the configuration file, else the
 * option's built-in default. Flags win over both, as in Spring, Micronaut or Quarkus. Remembers
 * where each value came from, for error messages and {@code --print-config}.
 */
public final class LayeredDefaults implements CommandLine.IDefaultValueProvider
{
    private static final String ENV_PREFIX = "ECBD_";
    /** Values of path options that name no file. */
    private static final Set<String> NOT_PATHS = Set.of("off", "stdout");

    private final ConfigFile file;
    private final Map<String, String> environment;
    private final Set<String> pathOptions;
    private final Map<String, String> origins = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();

    /**
     * @param file the configuration file, or null for none.
     * @param pathOptions options (without dashes) whose relative values in the file resolve from
     *        its directory ({@code off} and {@code stdout} excepted).
     */
    public LayeredDefaults(final ConfigFile file, final Map<String, String> environment, final Set<String> pathOptions)
    {
        this.file = file;
        this.environment = environment;
        this.pathOptions = pathOptions;
    }

    /** @return the environment variable that sets option {@code name} (without dashes). */
    public static String environmentVariable(final String name)
    {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(final CommandLine.Model.ArgSpec argument)
    {
        if (!(argument instanceof CommandLine.Model.OptionSpec option))
        {
            return null;
        }
        final String name = option.longestName().substring(2);
        final String variable = environmentVariable(name);
        final String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null)
        {
            return remember(name, "environment variable " + variable, fromEnvironment);
        }
        final ConfigFile.Setting fromFile = file == null ? null : file.option(name);
        if (fromFile != null)
        {
            return remember(name, fromFile.where() + ": " + name, pathOptions.contains(name) && !NOT_PATHS.contains(fromFile.value())
                ? file.directory().resolve(fromFile.value()).normalize().toString() : fromFile.value());
        }
        return null;
    }

    private String remember(final String name, final String origin, final String value)
    {
        origins.put(name, origin);
        values.put(name, value);
        return value;
    }

    /** @return the value option {@code name} (without dashes) got from the environment or the file, or null. */
    public String value(final String name)
    {
        return values.get(name);
    }

    /**
     * @return where option {@code name} (without dashes) got its value when no flag gave it: the
     *         environment variable, or the file, line and key; null for its built-in default.
     */
    public String origin(final String name)
    {
        return origins.get(name);
    }
}
