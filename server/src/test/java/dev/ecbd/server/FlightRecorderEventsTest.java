package dev.ecbd.server;

import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import dev.ecbd.transport.TransportKind;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ECB's lifecycle in a flight recording that enables ecbd's events: one request's path, from admission to its end. */
@ExtendWith(NoLeaks.class)
class FlightRecorderEventsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRecordARequestItsDispatchAndEachAsynchronousOperation() throws Exception
    {
        final Path file = dir.resolve("ecbd.jfr");
        try (TestServer server = TestServer.start(TransportKind.NIO, config -> config.dispatcher().workers(1), map -> { });
            RawClient client = new RawClient(server.port()))
        {
            try (Recording recording = new Recording())
            {
                recording.enable("dev.ecbd.Request");
                recording.enable("dev.ecbd.Dispatched");
                recording.enable("dev.ecbd.AsyncIo");
                recording.start();
                final RawClient.Response response = client.get("/demo/stream?chunks=3").read();
                assertEquals(200, response.status());
                server.awaitPoolIdle();
                recording.stop();
                recording.dump(file);
            }
        }
        final List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        final List<RecordedEvent> requests = events.stream().filter(e -> e.getEventType().getName().equals("dev.ecbd.Request")).toList();
        assertEquals(1, requests.size(), events::toString);
        final RecordedEvent request = requests.getFirst();
        assertEquals("/demo/stream", request.getString("path"));
        assertEquals("SUCCESS", request.getString("end"));
        assertEquals(0, request.getInt("worker"));
        final int slot = request.getInt("slot");
        final long generation = request.getLong("generation");
        final List<RecordedEvent> dispatched = ofRequest(events, "dev.ecbd.Dispatched", slot, generation);
        assertEquals(1, dispatched.size(), events::toString);
        final List<RecordedEvent> asyncIo = ofRequest(events, "dev.ecbd.AsyncIo", slot, generation);
        assertEquals(3, asyncIo.size(), "one write per chunk: " + asyncIo);
        assertTrue(asyncIo.stream().allMatch(e -> e.getString("operation").equals("write") && e.getInt("errorCode") == 0), asyncIo::toString);
        assertTrue(asyncIo.stream().allMatch(e -> !e.getStartTime().isBefore(request.getStartTime()) && !e.getEndTime().isAfter(request.getEndTime())),
            "every operation lies within its request");
    }

    private static List<RecordedEvent> ofRequest(final List<RecordedEvent> events, final String name, final int slot, final long generation)
    {
        return events.stream().filter(e -> e.getEventType().getName().equals(name) && e.getInt("slot") == slot && e.getLong("generation") == generation)
            .toList();
    }
}
