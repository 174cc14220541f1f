package dev.ecbd.server;

import dev.ecbd.os.CpuScheduling;
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
        final EcbdConfig config = main.config();
        assertEquals("0.0.0.0", config.http().host());
        assertEquals(9000, config.http().port());
        assertEquals(TransportKind.EPOLL, config.http().transport());
        assertEquals(2, config.http().ioThreads());
        assertEquals(3, config.dispatcher().workers());
        assertArrayEquals(new int[] {0, 2, 3}, config.dispatcher().cpus());
        assertEquals(128, config.dispatcher().poolSize());
        assertEquals(16, config.dispatcher().queueCapacity());
        assertEquals(5, config.dispatcher().sessionTimeout().toSeconds());
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
        return main.config().http().batchScheduledIo();
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
