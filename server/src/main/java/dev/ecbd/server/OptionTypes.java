package dev.ecbd.server;

import dev.ecbd.transport.TransportKind;
import picocli.CommandLine;

import java.time.Duration;

/** How the {@code ecbd} command reads its option types, and reports its version. */
final class OptionTypes
{
    private OptionTypes()
    {
    }

    /** A converter whose parser throws {@link IllegalArgumentException}; picocli reports its message in one line. */
    abstract static class ParsingConverter<T> implements CommandLine.ITypeConverter<T>
    {
        abstract T parse(String value);

        @Override
        public final T convert(final String value)
        {
            try
            {
                return parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }

    /** Converts sizes: {@code 1G}, {@code 64K}, {@code 1048576}. */
    static final class SizeConverter extends ParsingConverter<Long>
    {
        @Override
        Long parse(final String value)
        {
            return Units.parseSize(value);
        }
    }

    /** Converts durations: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 30}. */
    static final class DurationConverter extends ParsingConverter<Duration>
    {
        @Override
        Duration parse(final String value)
        {
            return Units.parseDuration(value);
        }
    }

    /** Converts {@code --transport} values. */
    static final class TransportConverter extends ParsingConverter<TransportKind>
    {
        @Override
        TransportKind parse(final String value)
        {
            return TransportKind.parse(value);
        }
    }

    /** Reports the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = OptionTypes.class.getPackage().getImplementationVersion();
            return new String[] {"ecbd " + (version == null ? "(development build)" : version) + " on Java " + Runtime.version()};
        }
    }
}
