package dev.ecbd.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps the warnings a test provokes on purpose out of the test run's output, and checks they
 * came. Register it on a test class with the logger tree to watch
 * ({@code @RegisterExtension final ExpectedWarnings warnings = new ExpectedWarnings("dev.ecbd")});
 * a test calls {@link #expect} for each warning it provokes. During each test the tree's records
 * are held back; afterwards every expected fragment must have been logged (at WARNING or above),
 * and every record no expectation matched is passed on to the console as usual, so an unexpected
 * warning still shows.
 */
public final class ExpectedWarnings implements BeforeEachCallback, AfterEachCallback
{
    private final Logger logger;
    private final List<LogRecord> records = new ArrayList<>();
    private final List<String> expected = new ArrayList<>();
    private final Handler holder = new Handler()
    {
        @Override
        public void publish(final LogRecord record)
        {
            synchronized (records)
            {
                records.add(record);
            }
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void close()
        {
        }
    };

    /** @param loggerTree the name of the logger whose records, and its children's, are watched. */
    public ExpectedWarnings(final String loggerTree)
    {
        this.logger = Logger.getLogger(loggerTree);
    }

    /** Declares that the test provokes a warning whose message contains {@code fragment}. */
    public void expect(final String fragment)
    {
        expected.add(fragment);
    }

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        records.clear();
        expected.clear();
        logger.addHandler(holder);
        logger.setUseParentHandlers(false);
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        logger.removeHandler(holder);
        logger.setUseParentHandlers(true);
        final List<LogRecord> held;
        synchronized (records)
        {
            held = new ArrayList<>(records);
        }
        final List<String> unmet = new ArrayList<>(expected);
        for (final LogRecord record : held)
        {
            final String message = message(record);
            final boolean wanted = record.getLevel().intValue() >= Level.WARNING.intValue()
                && expected.stream().anyMatch(message::contains);
            if (wanted)
            {
                unmet.removeIf(message::contains);
            }
            else
            {
                Logger.getLogger("").log(record);
            }
        }
        if (!unmet.isEmpty() && context.getExecutionException().isEmpty())
        {
            fail("expected warnings that were not logged: " + unmet);
        }
    }

    private static String message(final LogRecord record)
    {
        final Object[] parameters = record.getParameters();
        return parameters == null || parameters.length == 0 ? record.getMessage()
            : MessageFormat.format(record.getMessage(), parameters);
    }
}
