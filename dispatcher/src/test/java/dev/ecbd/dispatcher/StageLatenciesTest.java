package dev.ecbd.dispatcher;

import dev.ecbd.dispatcher.StageLatencies.Stage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageLatenciesTest
{
    @Test
    void shouldPutEachDurationInTheFirstBucketWhoseBoundHoldsIt()
    {
        for (long nanos = 0; nanos < 100_000_000_000L; nanos = nanos * 11 / 10 + 1)
        {
            final int bucket = StageLatencies.bucket(nanos);
            assertTrue(bucket == StageLatencies.BUCKETS - 1 || nanos < StageLatencies.upperBoundNanos(bucket) + 1_024, nanos + " ns is beyond bucket " + bucket);
            assertTrue(bucket == 0 || nanos >= StageLatencies.upperBoundNanos(bucket - 1), nanos + " ns belongs below bucket " + bucket);
        }
        for (int bucket = 1; bucket < StageLatencies.BUCKETS; bucket++)
        {
            final double ratio = (double)StageLatencies.upperBoundNanos(bucket) / StageLatencies.upperBoundNanos(bucket - 1);
            assertTrue(bucket == StageLatencies.BUCKETS - 1 || ratio <= 2.0, "bucket " + bucket + " is " + ratio + " times the one below");
        }
        assertEquals(Long.MAX_VALUE, StageLatencies.upperBoundNanos(StageLatencies.BUCKETS - 1));
        assertEquals(StageLatencies.BUCKETS - 1, StageLatencies.bucket(Long.MAX_VALUE));
    }

    @Test
    void shouldRecordEveryStageOfARequestAndItsStatusClassUnderItsWorker()
    {
        final StageLatencies latencies = new StageLatencies(2);
        latencies.record(1, 1_000_000, 1_050_000, 1_250_000, 1_200_000, 1_300_000, 404);
        latencies.record(1, 2_000_000, 2_000_000, 2_100_000, 0, 2_150_000, 200);
        assertEquals(1, latencies.count(1, Stage.QUEUE, StageLatencies.bucket(50_000)));
        assertEquals(1, latencies.count(1, Stage.QUEUE, 0));
        assertEquals(1, latencies.count(1, Stage.EXTENSION, StageLatencies.bucket(200_000)));
        assertEquals(1, latencies.count(1, Stage.SEND, StageLatencies.bucket(100_000)), "the request that sent nothing has no send stage");
        assertEquals(300_000 + 150_000, latencies.sumNanos(1, Stage.REQUEST));
        assertEquals(1, latencies.statusClass(1, 4));
        assertEquals(1, latencies.statusClass(1, 2));
        assertEquals(0, latencies.statusClass(0, 2));
    }
}
