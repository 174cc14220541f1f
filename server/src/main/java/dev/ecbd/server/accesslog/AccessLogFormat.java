package dev.ecbd.server.accesslog;

import dev.ecbd.transport.AccessLogRecord;
import dev.ecbd.transport.AccessLogRecord.Text;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a record becomes a line. The log writer's thread only: formats keep per-second caches. */
public enum AccessLogFormat
{
    /**
     * The combined log format of Apache and nginx, as log tools expect it:
     * {@code 127.0.0.1 - - [30/Nov/2026:09:10:00 +0000] "GET /x HTTP/1.1" 200 13 "-" "curl/8.0"}.
     */
    COMBINED
    {
        private final DateTimeFormatter clf = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

        @Override
        void format(final AccessLogRecord record, final Scratch scratch, final LineBuffer line)
        {
            text(record, Text.REMOTE_ADDRESS, scratch, line).ascii(" - - [").ascii(scratch.time(record.endMillis(), clf)).ascii("] \"");
            if (record.protocol() == null)
            {
                line.ascii('-');
            }
            else
            {
                text(record, Text.METHOD, scratch, line).ascii(' ');
                text(record, Text.TARGET, scratch, line).ascii(' ').ascii(record.protocol());
            }
            line.ascii("\" ").number(record.status()).ascii(' ');
            if (record.bytes() == 0)
            {
                line.ascii('-');
            }
            else
            {
                line.number(record.bytes());
            }
            line.ascii(" \"");
            text(record, Text.REFERER, scratch, line).ascii("\" \"");
            text(record, Text.USER_AGENT, scratch, line).ascii("\"\n");
        }

        private LineBuffer text(final AccessLogRecord record, final Text text, final Scratch scratch, final LineBuffer line)
        {
            final int length = record.copy(text, scratch.text);
            return length == 0 ? line.ascii('-') : line.logText(scratch.text, length);
        }
    },

    /**
     * One JSON object a line: {@code time} (ISO-8601, milliseconds, UTC), {@code remote},
     * {@code method}, {@code target}, {@code protocol}, {@code status}, {@code bytes},
     * {@code duration_us}, {@code worker} (-1 when the server answered by itself),
     * {@code referer} and {@code user_agent}.
     */
    JSON
    {
        private final DateTimeFormatter iso = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.US).withZone(ZoneOffset.UTC);

        @Override
        void format(final AccessLogRecord record, final Scratch scratch, final LineBuffer line)
        {
            final long millis = record.endMillis();
            line.ascii("{\"time\":\"").ascii(scratch.time(millis, iso));
            final long fraction = Math.floorMod(millis, 1000L);
            line.ascii('.').number(fraction / 100).number(fraction / 10 % 10).number(fraction % 10).ascii("Z\"");
            text(record, Text.REMOTE_ADDRESS, "remote", scratch, line);
            text(record, Text.METHOD, "method", scratch, line);
            text(record, Text.TARGET, "target", scratch, line);
            line.ascii(",\"protocol\":\"").ascii(record.protocol() == null ? "" : record.protocol()).ascii('"');
            line.ascii(",\"status\":").number(record.status());
            line.ascii(",\"bytes\":").number(record.bytes());
            line.ascii(",\"duration_us\":").number(record.durationNanos() / 1000);
            line.ascii(",\"worker\":").number(record.worker());
            text(record, Text.REFERER, "referer", scratch, line);
            text(record, Text.USER_AGENT, "user_agent", scratch, line);
            line.ascii("}\n");
        }

        private void text(final AccessLogRecord record, final Text text, final String name, final Scratch scratch, final LineBuffer line)
        {
            line.ascii(",\"").ascii(name).ascii("\":\"").jsonText(scratch.text, record.copy(text, scratch.text)).ascii('"');
        }
    };

    abstract void format(AccessLogRecord record, Scratch scratch, LineBuffer line);

    /** @return the format named {@code name}: {@code combined} or {@code json}. */
    public static AccessLogFormat parse(final String name)
    {
        return switch (name.toLowerCase(Locale.ROOT))
        {
            case "combined" -> COMBINED;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("the access log's format must be combined or json: " + name);
        };
    }

    /** A writer's reusable space: a text's bytes, and the last second formatted. */
    static final class Scratch
    {
        private final byte[] text = new byte[AccessLogRecord.MAX_TEXT];
        private long second = Long.MIN_VALUE;
        private DateTimeFormatter formatter;
        private String formatted;

        /** @return {@code millis} to the second, formatted; computed once a second. */
        String time(final long millis, final DateTimeFormatter with)
        {
            final long epochSecond = Math.floorDiv(millis, 1000L);
            if (epochSecond != second || with != formatter)
            {
                second = epochSecond;
                formatter = with;
                formatted = with.format(Instant.ofEpochSecond(epochSecond));
            }
            return formatted;
        }
    }
}
