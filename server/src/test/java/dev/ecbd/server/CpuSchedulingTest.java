package dev.ecbd.server;

import dev.ecbd.os.CpuScheduling;
import dev.ecbd.dispatcher.Worker;
import dev.ecbd.testing.ExpectedWarnings;
import dev.ecbd.transport.TransportKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuSchedulingTest
{
    @RegisterExtension
    final ExpectedWarnings warnings = new ExpectedWarnings("dev.ecbd");

    private static final String SCHED_OTHER = "0";
    private static final String SCHED_BATCH = "3";

    @Test
    void shouldPinEachWorkerToItsCpuAsTheKernelReportsIt() throws Exception
    {
        final int[] allowed = CpuScheduling.allowedCpus();
        assertTrue(allowed.length > 0, "sched_getaffinity reported no CPUs");
        final int last = allowed[allowed.length - 1];
        try (TestServer server = TestServer.start(TransportKind.NIO, config -> config.dispatcher().workers(2).cpus(allowed[0], last), map -> { }))
        {
            for (final Worker worker : server.dispatcher().workers())
            {
                final int expected = worker.id() == 0 ? allowed[0] : last;
                assertEquals("pinned to CPU " + expected, worker.pinning());
                assertEquals(String.valueOf(expected), threadFact(worker.name(), "status", "Cpus_allowed_list:"));
            }
        }
    }

    @Test
    void shouldReportWhyPinningFailed() throws Exception
    {
        warnings.expect("not pinned: sched_setaffinity(CPU 8000) failed");
        try (TestServer server = TestServer.start(TransportKind.NIO, config -> config.dispatcher().workers(1).cpus(8000), map -> { }))
        {
            final String pinning = server.dispatcher().workers().get(0).pinning();
            assertTrue(pinning.startsWith("not pinned: sched_setaffinity(CPU 8000) failed: errno 22 (EINVAL)"), pinning);
        }
    }

    @Test
    void shouldBatchScheduleIoThreadsOnlyWhenAsked() throws Exception
    {
        try (TestServer server = TestServer.start(TransportKind.NIO, config -> config.http().ioThreads(1).batchScheduledIo(true), map -> { }))
        {
            assertEquals(SCHED_BATCH, threadFact("ecbd-io-0", "sched", "policy"));
            assertEquals(SCHED_OTHER, threadFact(server.dispatcher().workers().get(0).name(), "sched", "policy"));
        }
        try (TestServer server = TestServer.start(TransportKind.NIO, config -> config.http().ioThreads(1), map -> { }))
        {
            assertEquals(SCHED_OTHER, threadFact("ecbd-io-0", "sched", "policy"));
            assertEquals(SCHED_OTHER, threadFact(server.dispatcher().workers().get(0).name(), "sched", "policy"));
        }
    }

    /** @return the value of the line starting with {@code key} in {@code /proc/self/task/<tid>/<file>} of the named thread. */
    private static String threadFact(final String threadName, final String file, final String key) throws IOException
    {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task")))
        {
            for (final Path task : (Iterable<Path>)tasks::iterator)
            {
                if (Files.readString(task.resolve("comm")).trim().equals(threadName))
                {
                    return Files.readAllLines(task.resolve(file)).stream().filter(line -> line.startsWith(key))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElseThrow();
                }
            }
        }
        throw new AssertionError("no thread named " + threadName);
    }
}
