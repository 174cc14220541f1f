package dev.ecbd.server;

import dev.ecbd.dispatcher.StageLatencies;
import dev.ecbd.dispatcher.StageLatencies.Stage;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import dev.ecbd.transport.TransportKind;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every request recycled is counted once per stage and once by status class, and /metrics shows it. */
@ExtendWith(NoLeaks.class)
class LatencyHistogramsTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";
    private static final Pattern COUNT = Pattern.compile("ecbd_request_stage_seconds_count\\{stage=\"request\",worker=\"0\"} (\\d+)");

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldCountEveryStageOfEveryRequestByWorkerAndStatusClass(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport, config -> config.dispatcher().workers(1), map -> { });
            RawClient client = new RawClient(server.port()))
        {
            for (int i = 0; i < 20; i++)
            {
                assertEquals(200, client.get("/plaintext").read().status());
            }
            assertEquals(200, client.get("/plaintext-inline").read().status());
            assertEquals(404, client.get("/nothing").read().status());
            server.awaitPoolIdle();
            final List<StageLatencies> recorders = server.server().stageLatencies();
            assertEquals(22, sum(recorders, Stage.REQUEST));
            assertEquals(22, sum(recorders, Stage.QUEUE));
            assertEquals(22, sum(recorders, Stage.EXTENSION));
            assertEquals(22, sum(recorders, Stage.SEND));
            final long requestNs = recorders.stream().mapToLong(r -> r.sumNanos(0, Stage.REQUEST)).sum();
            final long extensionNs = recorders.stream().mapToLong(r -> r.sumNanos(0, Stage.EXTENSION)).sum();
            assertTrue(requestNs >= extensionNs, "a request takes at least its extension's time: " + requestNs + " < " + extensionNs);
            assertEquals(21, recorders.stream().mapToLong(r -> r.statusClass(0, 2)).sum());
            assertEquals(1, recorders.stream().mapToLong(r -> r.statusClass(0, 4)).sum());
            final String metrics = client.get("/metrics").read().text();
            final Matcher count = COUNT.matcher(metrics);
            assertTrue(count.find(), metrics);
            assertEquals(22, Long.parseLong(count.group(1)));
            assertTrue(metrics.contains("ecbd_responses_total{class=\"2xx\",worker=\"0\"} 21.0"), metrics);
            assertTrue(metrics.contains("ecbd_request_stage_seconds_bucket{stage=\"queue\",worker=\"0\",le=\"+Inf\"} 22"), metrics);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldRecordNothingWhenTurnedOff(final TransportKind transport) throws Exception
    {
        try (TestServer server = TestServer.start(transport, config -> config.http().latencyHistograms(false), map -> { });
            RawClient client = new RawClient(server.port()))
        {
            assertEquals(200, client.get("/plaintext").read().status());
            assertEquals(List.of(), server.server().stageLatencies());
            assertTrue(!client.get("/metrics").read().text().contains("ecbd_request_stage_seconds"));
        }
    }

    private static long sum(final List<StageLatencies> recorders, final Stage stage)
    {
        long total = 0;
        for (final StageLatencies recorder : recorders)
        {
            for (int bucket = 0; bucket < StageLatencies.BUCKETS; bucket++)
            {
                total += recorder.count(0, stage, bucket);
            }
        }
        return total;
    }
}
