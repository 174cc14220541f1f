package dev.ecbd.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code --log-level}: the level of ecbd's log, or of one package's ({@code dev.ecbd.transport=debug}).
 * ecbd logs through {@link System.Logger}, which the JDK routes to {@code java.util.logging}
 * unless a bridge (SLF4J's {@code slf4j-jdk-platform-logging}, Log4j's) is on the class path; these
 * levels set JUL's loggers and its console handler. Levels: error, warning, info, debug, trace.
 */
final class LogLevels
{
    /** Strong references: JUL holds its loggers weakly, and a collected logger forgets its level. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private LogLevels()
    {
    }

    /**
     * Applies each setting, {@code LEVEL} for all of ecbd or {@code PACKAGE=LEVEL}.
     *
     * @throws IllegalArgumentException naming a setting that is not one.
     */
    static void apply(final List<String> settings)
    {
        Level lowest = Level.INFO;
        for (final String setting : settings)
        {
            final int equals = setting.indexOf('=');
            final String name = equals < 0 ? "dev.ecbd" : setting.substring(0, equals).strip();
            final Level level = level(setting.substring(equals + 1).strip(), setting);
            final Logger logger = Logger.getLogger(name);
            logger.setLevel(level);
            synchronized (CONFIGURED)
            {
                CONFIGURED.add(logger);
            }
            lowest = level.intValue() < lowest.intValue() ? level : lowest;
        }
        for (final Handler handler : Logger.getLogger("").getHandlers())
        {
            if (handler.getLevel().intValue() > lowest.intValue())
            {
                handler.setLevel(lowest);
            }
        }
    }

    private static Level level(final String name, final String setting)
    {
        return switch (name.toLowerCase(Locale.ROOT))
        {
            case "error" -> Level.SEVERE;
            case "warning", "warn" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug" -> Level.FINE;
            case "trace" -> Level.FINEST;
            default -> throw new IllegalArgumentException("--log-level " + setting + ": the level must be error, warning, info, debug or trace");
        };
    }
}
