package dev.ecbd.server;

import dev.ecbd.dispatcher.CpuScheduling;
import dev.ecbd.transport.HttpServerConfig;
import dev.ecbd.transport.TransportKind;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest
{
    @Test
    void shouldTurnOptionsIntoAConfiguration()
    {
        final Main main = new Main();
        new CommandLine(main).parseArgs("--host", "0.0.0.0", "--port", "9000", "--transport", "epoll", "--io-threads", "2", "--workers", "3",
            "--cpus", "0,2-3", "--pool-size", "128", "--queue-capacity", "16", "--session-timeout", "5");
        final HttpServerConfig config = main.config();
        assertEquals("0.0.0.0", config.host());
        assertEquals(9000, config.port());
        assertEquals(TransportKind.EPOLL, config.transport());
        assertEquals(2, config.ioThreads());
        assertEquals(3, config.workers());
        assertArrayEquals(new int[] {0, 2, 3}, config.workerCpus());
        assertEquals(128, config.poolSize());
        assertEquals(16, config.queueCapacity());
        assertEquals(5, config.sessionTimeout().toSeconds());
    }

    @Test
    void shouldAnswerABadValueWithOneLineAndExitCode2()
    {
        for (final String[] args : new String[][] {{"--port", "99999"}, {"--port", "http"}, {"--transport", "quic"}, {"--cpus", "1-x"},
            {"--workers", "0"}, {"--pool-size", "-1"}, {"--io-sched", "fifo"}, {"--no-such-option"}, {"--docroot", "/no/such/dir", "--port", "0"}})
        {
            final StringWriter err = new StringWriter();
            final int code = run(err, args);
            assertEquals(2, code, String.join(" ", args));
            final String text = err.toString().strip();
            assertTrue(text.startsWith("ecbd: ") && !text.contains("\n") && !text.contains("Exception"), () -> String.join(" ", args) + " printed: " + text);
        }
    }

    @Test
    void shouldBatchScheduleIoThreadsWhenTheyMustShareCpusWithWorkers()
    {
        final int cpus = Math.max(1, CpuScheduling.allowedCpus().length);
        assertTrue(batchScheduledIo("--io-threads", "1", "--workers", String.valueOf(cpus)), "more threads than CPUs");
        assertEquals(cpus < 2, batchScheduledIo("--io-threads", "1", "--workers", "1"));
        assertTrue(batchScheduledIo("--io-threads", "1", "--workers", "1", "--io-sched", "batch"));
        assertFalse(batchScheduledIo("--io-threads", "1", "--workers", String.valueOf(cpus), "--io-sched", "normal"));
    }

    private static boolean batchScheduledIo(final String... args)
    {
        final Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.config().batchScheduledIo();
    }

    @Test
    void shouldParseCpuLists()
    {
        assertArrayEquals(new int[] {1}, CpuList.parse("1"));
        assertArrayEquals(new int[] {0, 1, 2, 5}, CpuList.parse("0-2, 5"));
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse("3-1"));
        assertThrows(IllegalArgumentException.class, () -> CpuList.parse(""));
    }

    private static int run(final StringWriter err, final String... args)
    {
        final CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
