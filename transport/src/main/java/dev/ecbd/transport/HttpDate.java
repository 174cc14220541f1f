package dev.ecbd.transport;

import dev.ecbd.api.HttpFields;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Date:} header line, formatted once a second and shared by every thread: readers get
 * an immutable byte array through one volatile read; the first reader in a new second formats the
 * next one (a benign race: several may format the same second).
 */
final class HttpDate
{
    private record Line(long epochSecond, byte[] bytes)
    {
    }

    private static volatile Line current = format(System.currentTimeMillis() / 1000);

    private HttpDate()
    {
    }

    /** @return {@code Date: <IMF-fixdate>\r\n} for the current second; never modify it. */
    static byte[] headerLine()
    {
        final long second = System.currentTimeMillis() / 1000;
        Line line = current;
        if (line.epochSecond != second)
        {
            line = format(second);
            current = line;
        }
        return line.bytes;
    }

    private static Line format(final long epochSecond)
    {
        return new Line(epochSecond, ("Date: " + HttpFields.formatDate(epochSecond) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
