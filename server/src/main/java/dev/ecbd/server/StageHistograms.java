package dev.ecbd.server;

import dev.ecbd.dispatcher.StageLatencies;
import dev.ecbd.dispatcher.StageLatencies.Stage;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exposes the I/O threads' {@link StageLatencies}, summed, as Prometheus metrics on each scrape:
 * {@code ecbd_request_stage_seconds{stage, worker}} (a histogram per stage: queue, extension,
 * send, request) and {@code ecbd_responses_total{class, worker}} (responses by status class).
 * Scrape thread only; reads the counts racily, as {@link StageLatencies} allows.
 */
final class StageHistograms implements MultiCollector
{
    private static final double[] UPPER_BOUNDS_SECONDS = new double[StageLatencies.BUCKETS];
    private static final String[] CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

    static
    {
        for (int i = 0; i < StageLatencies.BUCKETS; i++)
        {
            final long nanos = StageLatencies.upperBoundNanos(i);
            UPPER_BOUNDS_SECONDS[i] = nanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : nanos / 1e9;
        }
    }

    private final Supplier<List<StageLatencies>> recorders;

    StageHistograms(final Supplier<List<StageLatencies>> recorders)
    {
        this.recorders = recorders;
    }

    @Override
    public MetricSnapshots collect()
    {
        final List<StageLatencies> all = recorders.get();
        if (all.isEmpty())
        {
            return MetricSnapshots.of();
        }
        final int workers = all.getFirst().workers();
        final List<HistogramSnapshot.HistogramDataPointSnapshot> stages = new ArrayList<>();
        final List<CounterSnapshot.CounterDataPointSnapshot> classes = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++)
        {
            final String workerLabel = Integer.toString(worker);
            for (final Stage stage : Stage.values())
            {
                final long[] counts = new long[StageLatencies.BUCKETS];
                long sumNanos = 0;
                for (final StageLatencies recorder : all)
                {
                    for (int bucket = 0; bucket < counts.length; bucket++)
                    {
                        counts[bucket] += recorder.count(worker, stage, bucket);
                    }
                    sumNanos += recorder.sumNanos(worker, stage);
                }
                stages.add(new HistogramSnapshot.HistogramDataPointSnapshot(ClassicHistogramBuckets.of(UPPER_BOUNDS_SECONDS, counts), sumNanos / 1e9,
                    Labels.of("stage", stage.label(), "worker", workerLabel), Exemplars.EMPTY, 0L));
            }
            for (int statusClass = 0; statusClass < CLASSES.length; statusClass++)
            {
                long responses = 0;
                for (final StageLatencies recorder : all)
                {
                    responses += recorder.statusClass(worker, statusClass);
                }
                classes.add(new CounterSnapshot.CounterDataPointSnapshot(responses, Labels.of("class", CLASSES[statusClass], "worker", workerLabel),
                    null, 0L));
            }
        }
        return MetricSnapshots.of(
            new HistogramSnapshot(new MetricMetadata("ecbd_request_stage_seconds",
                "Time each stage of a request took, by worker: queue (read to dispatched), extension (dispatched to the session's end), "
                    + "send (first byte to last handed to the connection), request (read to last byte)", Unit.SECONDS), stages),
            new CounterSnapshot(new MetricMetadata("ecbd_responses", "Responses by status class and by worker (none: the request ended without one)"),
                classes));
    }
}
