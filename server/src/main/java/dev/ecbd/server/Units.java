package dev.ecbd.server;

import java.time.Duration;
import java.util.Locale;

/**
 * Sizes and durations as people write them: {@code 1G}, {@code 512KiB}, {@code 64k}, {@code 1048576}
 * (bytes; K, M, G and T are powers of 1024) and {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h},
 * {@code 30} (seconds). Errors say what was expected.
 */
final class Units
{
    private Units()
    {
    }

    /** @throws IllegalArgumentException naming the accepted forms. */
    static long parseSize(final String text)
    {
        final String value = text.strip().toUpperCase(Locale.ROOT);
        final int digits = leadingDigits(value);
        final String unit = value.substring(digits).replaceFirst("I?B$", "");
        final int shift = switch (unit)
        {
            case "" -> 0;
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> -1;
        };
        if (digits == 0 || shift < 0)
        {
            throw new IllegalArgumentException("'" + text + "' is not a size: a number of bytes, or one with K, M, G or T (1024s), like 64K or 1G");
        }
        final long number = parse(value.substring(0, digits), text);
        if (number > Long.MAX_VALUE >> shift)
        {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return number << shift;
    }

    /** @throws IllegalArgumentException naming the accepted forms. */
    static Duration parseDuration(final String text)
    {
        final String value = text.strip().toLowerCase(Locale.ROOT);
        final int digits = leadingDigits(value);
        final String unit = value.substring(digits);
        if (digits == 0 || !(unit.isEmpty() || unit.equals("ms") || unit.equals("s") || unit.equals("m") || unit.equals("h")))
        {
            throw new IllegalArgumentException("'" + text + "' is not a duration: a number with ms, s, m or h, like 500ms or 30s (a bare number is seconds)");
        }
        final long number = parse(value.substring(0, digits), text);
        return switch (unit)
        {
            case "ms" -> Duration.ofMillis(number);
            case "m" -> Duration.ofMinutes(number);
            case "h" -> Duration.ofHours(number);
            default -> Duration.ofSeconds(number);
        };
    }

    private static int leadingDigits(final String value)
    {
        int digits = 0;
        while (digits < value.length() && value.charAt(digits) >= '0' && value.charAt(digits) <= '9')
        {
            digits++;
        }
        return digits;
    }

    private static long parse(final String digits, final String text)
    {
        try
        {
            return Long.parseLong(digits);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }
}
