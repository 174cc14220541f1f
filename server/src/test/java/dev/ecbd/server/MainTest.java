package dev.ecbd.server;

import dev.ecbd.os.CpuScheduling;
import dev.ecbd.transport.TransportKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

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
        final int[] allowed = CpuScheduling.allowedCpus();
        final int cpu = allowed.length > 0 ? allowed[allowed.length - 1] : 0;
        final Main main = new Main();
        new CommandLine(main).parseArgs("--host", "0.0.0.0", "--port", "9000", "--transport", "epoll", "--io-threads", "2", "--workers", "3",
            "--cpus", cpu + "," + cpu, "--pool-size", "128", "--queue-capacity", "16", "--session-timeout", "5");
        final EcbdConfig config = main.config();
        assertEquals("0.0.0.0", config.http().host());
        assertEquals(9000, config.http().port());
        assertEquals(TransportKind.EPOLL, config.http().transport());
        assertEquals(2, config.http().ioThreads());
        assertEquals(3, config.dispatcher().workers());
        assertArrayEquals(new int[] {cpu, cpu}, config.dispatcher().cpus());
        assertEquals(128, config.dispatcher().poolSize());
        assertEquals(16, config.dispatcher().queueCapacity());
        assertEquals(5, config.dispatcher().sessionTimeout().toSeconds());
    }

    @Test
    void shouldAnswerABadValueWithOneLineAndExitCode2()
    {
        for (final String[] args : new String[][] {{"--port", "99999"}, {"--port", "http"}, {"--transport", "quic"}, {"--cpus", "1-x"},
            {"--workers", "0"}, {"--pool-size", "-1"}, {"--io-sched", "fifo"}, {"--no-such-option"}, {"--docroot", "/no/such/dir", "--port", "0"},
            {"--cpus", "4000", "--port", "0"}, {"--host", "no-such-host.invalid", "--port", "0"},
            {"--max-body", "1X"}, {"--max-body", "-1"}, {"--drain-timeout", "5 years"}, {"--idle-timeout", "0s"},
            {"--log-level", "loud", "--port", "0"}, {"--log-level", "dev.ecbd.transport=verbose", "--port", "0"}})
        {
            final StringWriter err = new StringWriter();
            final int code = run(err, args);
            assertEquals(2, code, String.join(" ", args));
            final String text = err.toString().strip();
            assertTrue(text.startsWith("ecbd: ") && !text.contains("\n") && !text.contains("Exception"), () -> String.join(" ", args) + " printed: " + text);
        }
    }

    @Test
    void shouldNameTheOptionThatIsWrongBeforeAnythingStarts()
    {
        for (final String[] args : new String[][] {{"--docroot", "/no/such/dir"}, {"--cpus", "4000"},
            {"--host", "no-such-host.invalid"}, {"--max-body", "1X"}, {"--log-level", "loud"}})
        {
            final StringWriter err = new StringWriter();
            final String[] withExistingDocroot = args[0].equals("--docroot") ? args : new String[] {args[0], args[1], "--docroot", ".", "--port", "0"};
            assertEquals(2, run(err, withExistingDocroot), String.join(" ", args));
            assertTrue(err.toString().contains(args[0]), () -> String.join(" ", args) + " printed: " + err);
        }
    }

    @Test
    void shouldTakeSizesAndDurationsWithUnits()
    {
        final Main main = new Main();
        new CommandLine(main).parseArgs("--max-body", "10M", "--max-unread-body", "64KiB", "--drain-timeout", "500ms", "--idle-timeout", "2m",
            "--session-timeout", "5", "--min-response-rate", "1k");
        final EcbdConfig config = main.config();
        assertEquals(10 << 20, config.http().maxBodySize());
        assertEquals(64 << 10, config.http().maxUnreadBody());
        assertEquals(Duration.ofMillis(500), config.http().drainTimeout());
        assertEquals(Duration.ofMinutes(2), config.http().idleTimeout());
        assertEquals(Duration.ofSeconds(5), config.dispatcher().sessionTimeout());
        assertEquals(1024, config.http().minResponseRate());
        assertEquals(1L << 40, Units.parseSize("1T"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("99999999999999999999"));
    }

    @Test
    void shouldSetLogLevelsForEcbdOrOnePackage()
    {
        final Handler[] handlers = Logger.getLogger("").getHandlers();
        final Level[] before = Arrays.stream(handlers).map(Handler::getLevel)
            .toArray(Level[]::new);
        try
        {
            LogLevels.apply(List.of("dev.ecbd.main-test=debug", "dev.ecbd.main-test.quiet=error"));
            assertEquals(Level.FINE, Logger.getLogger("dev.ecbd.main-test").getLevel());
            assertEquals(Level.SEVERE, Logger.getLogger("dev.ecbd.main-test.quiet").getLevel());
            assertTrue(Arrays.stream(handlers).allMatch(handler -> handler.getLevel() == Level.FINE));
        }
        finally
        {
            for (int i = 0; i < handlers.length; i++)
            {
                handlers[i].setLevel(before[i]);
            }
        }
    }

    @Test
    void shouldLetFlagsWinOverTheEnvironmentAndTheEnvironmentOverTheFile(@TempDir final Path dir) throws IOException
    {
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("ecbd.yaml"), "port: 1111\nmax-body: 2M\nidle-timeout: 7s\ndocroot: site\nlog-level: [info, dev.ecbd.transport=debug]\n");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(Map.of("ECBD_MAX_BODY", "3M", "ECBD_PORT", "3333"), new PrintWriter(out, true), new PrintWriter(err, true),
            "--config", dir.resolve("ecbd.yaml").toString(), "--port", "2222", "--print-config");
        assertEquals(0, code, err::toString);
        final String printed = out.toString();
        assertTrue(printed.contains("port: 2222") && printed.contains("# flag --port"), printed);
        assertTrue(printed.contains("max-body: 3M") && printed.contains("# environment variable ECBD_MAX_BODY"), printed);
        assertTrue(printed.contains("idle-timeout: 7s") && printed.contains("ecbd.yaml:3: idle-timeout"), printed);
        assertTrue(printed.contains("docroot: " + dir.resolve("site")), printed);
        assertTrue(printed.contains("log-level: info,dev.ecbd.transport=debug"), printed);
        assertTrue(printed.contains("head-timeout: 10s") && printed.contains("# default"), printed);
    }

    @Test
    void shouldNameTheFileLineAndKeyOfABadValueFromTheFile(@TempDir final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("ecbd.yaml"), "port: 8080\ndrain-timeout: 0s\n");
        final StringWriter err = new StringWriter();
        assertEquals(2, Main.run(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err, true), "--config", dir.resolve("ecbd.yaml").toString()));
        assertEquals("ecbd: " + dir.resolve("ecbd.yaml") + ":2: drain-timeout: must be longer than 0", err.toString().strip());
        final StringWriter envErr = new StringWriter();
        assertEquals(2, Main.run(Map.of("ECBD_WORKERS", "many"), new PrintWriter(new StringWriter()), new PrintWriter(envErr, true), "--port", "0"));
        assertTrue(envErr.toString().startsWith("ecbd: environment variable ECBD_WORKERS: 'many' is not an int"), envErr::toString);
    }

    @Test
    void shouldShowRealDefaultsInItsHelp()
    {
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        assertEquals(0, commandLine.execute("--help"));
        final String help = out.toString();
        assertFalse(help.contains("null"), help);
        assertTrue(help.contains("(default: 1G)") && help.contains("(default: 30s)"), help);
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
        return Main.run(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
    }
}
