package dev.ecbd.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The rules of HTTP fields that the server and extensions share: response status range, the
 * characters a field value may hold (RFC 9110 §5.5), and HTTP dates (RFC 9110 §5.6.7). Stateless;
 * any thread.
 */
public final class HttpFields
{
    private static final char HTAB = '\t';

    /** IMF-fixdate, the only form sent: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
        .withZone(ZoneOffset.UTC);

    /** The obsolete RFC 850 form: {@code Sunday, 06-Nov-94 08:49:37 GMT}; two-digit years from 1970. */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
        .appendPattern("EEEE, dd-MMM-")
        .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
        .appendPattern(" HH:mm:ss 'GMT'")
        .toFormatter(Locale.US)
        .withZone(ZoneOffset.UTC);

    /** ANSI C's asctime() form: {@code Sun Nov  6 08:49:37 1994}. */
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
        .withZone(ZoneOffset.UTC);

    private HttpFields()
    {
    }

    /**
     * @return {@code status}, when it is a final response status, 200 to 599.
     * @throws IllegalArgumentException otherwise.
     */
    public static int requireResponseStatus(final int status)
    {
        if (status < 200 || status > 599)
        {
            throw new IllegalArgumentException("response status must be from 200 to 599: " + status);
        }
        return status;
    }

    /** @return whether {@code c} may appear in a field value: HTAB, SP, VCHAR, obs-text. */
    public static boolean isFieldValueChar(final int c)
    {
        return c == HTAB || (c >= 0x20 && c != 0x7F && c <= 0xFF);
    }

    /**
     * @return {@code value}, when every character may appear in a field value.
     * @throws IllegalArgumentException naming the first one that may not (CR and LF among them).
     */
    public static <T extends CharSequence> T requireFieldValue(final T value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            if (!isFieldValueChar(value.charAt(i)))
            {
                throw new IllegalArgumentException("header value has a character not allowed in HTTP at offset " + i + ": " + (int)value.charAt(i));
            }
        }
        return value;
    }

    /** @return {@code epochSecond} as an IMF-fixdate, the form HTTP sends. */
    public static String formatDate(final long epochSecond)
    {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
    }

    /**
     * Reads an HTTP date in any of the three forms a recipient must accept: IMF-fixdate, RFC 850,
     * and asctime.
     *
     * @return epoch seconds, or -1 when {@code text} is none of them.
     */
    public static long parseDate(final String text)
    {
        final String trimmed = text.trim();
        for (final DateTimeFormatter form : new DateTimeFormatter[] {IMF_FIXDATE, RFC_850, ASCTIME})
        {
            try
            {
                return Instant.from(form.parse(trimmed)).getEpochSecond();
            }
            catch (final DateTimeException ignored)
            {
                // NOTE: not this form; try the next.
            }
        }
        return -1;
    }
}
