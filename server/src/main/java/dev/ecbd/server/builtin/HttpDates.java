package dev.ecbd.server.builtin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}) for Last-Modified and If-Modified-Since. */
final class HttpDates
{
    private HttpDates()
    {
    }

    static String format(final long epochSecond)
    {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }

    /** @return epoch seconds, or -1 when {@code text} is not a date this server reads. */
    static long parse(final String text)
    {
        try
        {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.trim())).getEpochSecond();
        }
        catch (final DateTimeParseException ex)
        {
            return -1;
        }
    }
}
