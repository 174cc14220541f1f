package dev.ecbd.server;

import dev.ecbd.dispatcher.CpuAffinity;
import dev.ecbd.dispatcher.Worker;
import dev.ecbd.transport.TransportKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerPinningTest
{
    @Test
    void shouldPinEachWorkerToItsCpuAsTheKernelReportsIt() throws Exception
    {
        final int[] allowed = CpuAffinity.allowedCpus();
        assertTrue(allowed.length > 0, "sched_getaffinity reported no CPUs");
        final int last = allowed[allowed.length - 1];
        try (TestServer server = TestServer.start(TransportKind.NIO, config -> config.workers(2).workerCpus(allowed[0], last), map -> { }))
        {
            for (final Worker worker : server.server().dispatcher().workers())
            {
                final int expected = worker.id() == 0 ? allowed[0] : last;
                assertEquals("pinned to CPU " + expected, worker.pinning());
                assertEquals(String.valueOf(expected), cpusAllowedList(worker.name()));
            }
        }
    }

    @Test
    void shouldReportWhyPinningFailed() throws Exception
    {
        try (TestServer server = TestServer.start(TransportKind.NIO, config -> config.workers(1).workerCpus(8000), map -> { }))
        {
            final String pinning = server.server().dispatcher().workers().get(0).pinning();
            assertTrue(pinning.startsWith("not pinned: sched_setaffinity(CPU 8000) failed: errno 22 (EINVAL)"), pinning);
        }
    }

    private static String cpusAllowedList(final String threadName) throws IOException
    {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task")))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                if (Files.readString(task.resolve("comm")).trim().equals(threadName))
                {
                    return Files.readAllLines(task.resolve("status")).stream().filter(line -> line.startsWith("Cpus_allowed_list:"))
                        .map(line -> line.substring("Cpus_allowed_list:".length()).trim()).findFirst().orElseThrow();
                }
            }
        }
        throw new AssertionError("no thread named " + threadName);
    }
}
