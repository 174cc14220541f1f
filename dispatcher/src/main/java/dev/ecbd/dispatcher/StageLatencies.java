package dev.ecbd.dispatcher;

/**
 * How long each stage of a request took, by worker, as Prometheus-style cumulative histogram
 * counts, and how many responses of each status class each worker's requests got. One instance
 * per recording thread (each I/O thread has one, and records every request it recycles), so
 * recording is a few plain increments: no atomic operation, no allocation.
 *
 * <h2>Buckets</h2>
 * Two per power of two of 1,024 ns units, from 1 µs to about 55 s, plus one for anything longer:
 * bucket {@code i > 0} holds durations up to {@link #upperBoundNanos(int)}, each bound 1.5 or
 * 2 times the power of two below it, so a quantile read from them is within a factor of 1.41.
 *
 * <h2>Threads</h2>
 * One writer, the owning thread. Readers (a metrics scrape) read the counts racily: each count is
 * a 64-bit value written whole, so a reader may see one bucket a request ahead of another, never
 * a torn count.
 */
public final class StageLatencies
{
    /** The stages of a request, from the slot's timestamps. */
    public enum Stage
    {
        /** Read to dispatched: waiting in the worker's queue (0 for an inline request). */
        QUEUE("queue"),
        /** Dispatched to the session's end: the extension's own time, asynchronous waits included. */
        EXTENSION("extension"),
        /** First byte handed to the connection to the last: the response's time on the wire side. */
        SEND("send"),
        /** Read to the last byte handed to the connection: the whole request. */
        REQUEST("request");

        private final String label;

        Stage(final String label)
        {
            this.label = label;
        }

        /** @return the stage's label value in the metrics. */
        public String label()
        {
            return label;
        }
    }

    /** Bucket count: bucket 0 (up to 1.024 µs), two per octave over 26 octaves, and +Inf. */
    public static final int BUCKETS = 2 + 2 * 26;
    /** Status classes counted: 1xx to 5xx, by index 1 to 5; index 0 for a request that got none. */
    public static final int STATUS_CLASSES = 6;

    private static final int STAGES = Stage.values().length;
    private static final int QUEUE = Stage.QUEUE.ordinal();
    private static final int EXTENSION = Stage.EXTENSION.ordinal();
    private static final int SEND = Stage.SEND.ordinal();
    private static final int REQUEST = Stage.REQUEST.ordinal();
    /** Durations are bucketed in units of 1,024 ns (a shift, where microseconds would take a division). */
    private static final int UNIT_SHIFT = 10;

    private final int workers;
    private final long[] counts;
    private final long[] sumsNs;
    private final long[] statusClasses;

    /** @param workers how many workers the dispatcher has. */
    public StageLatencies(final int workers)
    {
        this.workers = workers;
        this.counts = new long[workers * STAGES * BUCKETS];
        this.sumsNs = new long[workers * STAGES];
        this.statusClasses = new long[workers * STATUS_CLASSES];
    }

    /** Records one request's stages from its slot's timestamps ({@link System#nanoTime()}). Owning thread. */
    void record(final int worker, final long acceptedNs, final long dispatchedNs, final long completedNs, final long firstByteNs,
        final long recycledNs, final int status)
    {
        final int series = worker * STAGES;
        add(series + QUEUE, dispatchedNs - acceptedNs);
        add(series + EXTENSION, completedNs - dispatchedNs);
        if (firstByteNs != 0)
        {
            add(series + SEND, recycledNs - firstByteNs);
        }
        add(series + REQUEST, recycledNs - acceptedNs);
        statusClasses[worker * STATUS_CLASSES + (status >= 100 && status < 600 ? status / 100 : 0)]++;
    }

    private void add(final int series, final long nanos)
    {
        final long positive = Math.max(0, nanos);
        counts[series * BUCKETS + bucket(positive)]++;
        sumsNs[series] += positive;
    }

    /** @return the bucket of a duration: shifts and a leading-zero count, no division. */
    static int bucket(final long nanos)
    {
        final long units = nanos >>> UNIT_SHIFT;
        if (units == 0)
        {
            return 0;
        }
        final int octave = 63 - Long.numberOfLeadingZeros(units);
        final int half = octave == 0 ? 0 : (int)(units >>> (octave - 1)) & 1;
        return Math.min(BUCKETS - 1, 1 + 2 * octave + half);
    }

    /** @return the largest duration bucket {@code bucket} holds, in nanoseconds; {@link Long#MAX_VALUE} for the last. */
    public static long upperBoundNanos(final int bucket)
    {
        if (bucket == 0)
        {
            return 1L << UNIT_SHIFT;
        }
        if (bucket == BUCKETS - 1)
        {
            return Long.MAX_VALUE;
        }
        final int octave = (bucket - 1) / 2;
        final long base = 1L << (UNIT_SHIFT + octave);
        return (bucket - 1) % 2 == 0 ? base + base / 2 : 2 * base;
    }

    /** @return how many workers it counts for. */
    public int workers()
    {
        return workers;
    }

    /** @return the requests of {@code worker} whose {@code stage} fell in {@code bucket} (not cumulative). */
    public long count(final int worker, final Stage stage, final int bucket)
    {
        return counts[(worker * STAGES + stage.ordinal()) * BUCKETS + bucket];
    }

    /** @return the sum of {@code stage}'s durations over {@code worker}'s requests, in nanoseconds. */
    public long sumNanos(final int worker, final Stage stage)
    {
        return sumsNs[worker * STAGES + stage.ordinal()];
    }

    /** @return how many of {@code worker}'s requests got a status of class {@code statusClass} (1 to 5; 0: none). */
    public long statusClass(final int worker, final int statusClass)
    {
        return statusClasses[worker * STATUS_CLASSES + statusClass];
    }
}
