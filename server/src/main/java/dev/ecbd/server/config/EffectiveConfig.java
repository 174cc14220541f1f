package dev.ecbd.server.config;

import dev.ecbd.server.deploy.PackageSpec;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/**
 * The configuration in effect, printed as a configuration file ({@code --print-config}): every
 * option with its value and, in a comment, where that value came from; then the extensions.
 */
public final class EffectiveConfig
{
    private final ConfigFile file;
    private final LayeredDefaults defaults;

    /** @param file the configuration file read, or null. */
    public EffectiveConfig(final ConfigFile file, final LayeredDefaults defaults)
    {
        this.file = file;
        this.defaults = defaults;
    }

    /** Prints the options of {@code command} as parsed, and the extensions of the file. */
    public void print(final CommandLine.Model.CommandSpec command, final List<PackageSpec> extensions, final PrintWriter out)
    {
        out.println("# ecbd's effective configuration: flags win over ECBD_* environment variables, which win over "
            + (file == null ? "the configuration file (none read)" : file.file()) + ", which wins over the defaults");
        final CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        for (final CommandLine.Model.OptionSpec option : command.options())
        {
            final String name = option.longestName().substring(2);
            if (option.usageHelp() || option.versionHelp() || name.equals("config") || name.equals("print-config"))
            {
                continue;
            }
            final boolean flag = parsed.hasMatchedOption(option.longestName());
            final Object current = option.getValue();
            final String value = flag ? String.join(",", option.originalStringValues())
                : defaults.value(name) != null ? defaults.value(name)
                : option.defaultValue() != null ? option.defaultValue()
                : current == null ? null : current.toString();
            final String origin = flag ? "flag " + option.longestName() : defaults.origin(name) != null ? defaults.origin(name) : "default";
            out.printf("%-40s # %s%n", name + ": " + (value == null ? "~" : quoted(value)), origin);
        }
        out.println("extensions:" + (extensions.isEmpty() ? " []" : ""));
        for (final PackageSpec spec : extensions)
        {
            out.println("  - name: " + spec.name());
            out.println("    path: " + spec.path());
            out.println("    class: " + spec.className());
            out.println("    urls: " + spec.prefixes());
            if (!spec.settings().keys().isEmpty())
            {
                out.println("    settings:");
                for (final String key : spec.settings().keys())
                {
                    out.println("      " + key + ": " + quoted(spec.settings().get(key)));
                }
            }
        }
    }

    private static String quoted(final String value)
    {
        return value.isEmpty() || value.contains(": ") || value.contains("#") || value.startsWith("[") ? "'" + value.replace("'", "''") + "'" : value;
    }
}
