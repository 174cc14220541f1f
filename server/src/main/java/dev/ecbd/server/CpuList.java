package dev.ecbd.server;

import java.util.ArrayList;
import java.util.List;

/** Parses a CPU list as Linux writes one: {@code 0,2-3,6}. */
final class CpuList
{
    private CpuList()
    {
    }

    /** @throws IllegalArgumentException naming the bad part. */
    static int[] parse(final String text)
    {
        final List<Integer> cpus = new ArrayList<>();
        for (final String part : text.split(",", -1))
        {
            final String item = part.trim();
            final int dash = item.indexOf('-');
            try
            {
                final int first = Integer.parseInt(dash < 0 ? item : item.substring(0, dash));
                final int last = dash < 0 ? first : Integer.parseInt(item.substring(dash + 1));
                if (first < 0 || last < first || last > 8191)
                {
                    throw new NumberFormatException();
                }
                for (int cpu = first; cpu <= last; cpu++)
                {
                    cpus.add(cpu);
                }
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("bad CPU list '" + text + "': '" + item + "' is not a CPU number or range like 2-3");
            }
        }
        return cpus.stream().mapToInt(Integer::intValue).toArray();
    }
}
