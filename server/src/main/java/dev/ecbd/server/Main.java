package dev.ecbd.server;

import dev.ecbd.os.CpuScheduling;
import dev.ecbd.transport.TransportKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code ecbd} command. */
@Command(name = "ecbd", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    description = "HTTP/1.1 extension server on io_uring and epoll, with pooled off-heap extension control blocks.")
public final class Main implements Callable<Integer>
{
    static
    {
        if (System.getProperty("java.util.logging.manager") == null)
        {
            System.setProperty("java.util.logging.manager", DrainLoggingManager.class.getName());
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null)
        {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n");
        }
    }

    private static final int[] ALLOWED_CPUS = CpuScheduling.allowedCpus();
    private static final int CPU_COUNT = Math.max(1, Runtime.getRuntime().availableProcessors());

    @Option(names = "--host", paramLabel = "ADDR", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--transport", paramLabel = "KIND", converter = TransportConverter.class,
        description = "auto, io_uring, epoll or nio (default: auto: io_uring, then epoll, then nio)")
    TransportKind transport = TransportKind.AUTO;

    @Option(names = "--io-threads", paramLabel = "N", description = "I/O threads (default: half the CPUs, at least 1: ${DEFAULT-VALUE})")
    int ioThreads = Math.max(1, CPU_COUNT / 2);

    @Option(names = "--workers", paramLabel = "N", description = "worker threads that run extensions (default: the CPUs the I/O threads leave, at least 1)")
    Integer workers;

    @Option(names = "--cpus", paramLabel = "LIST", description = "CPUs to pin workers to, like 0,2-3 (default: the CPUs after the first --io-threads of those allowed)")
    String cpus;

    @Option(names = "--io-sched", paramLabel = "POLICY",
        description = "how I/O threads are scheduled: batch (SCHED_BATCH: waking one never preempts a worker), normal, or auto: "
            + "batch when I/O threads and workers outnumber the CPUs and must share them (default: ${DEFAULT-VALUE})")
    String ioSched = "auto";

    @Option(names = "--pool-size", paramLabel = "N", description = "ECB slots; a request finding none gets 503 (default: ${DEFAULT-VALUE})")
    int poolSize = 4096;

    @Option(names = "--queue-capacity", paramLabel = "N", description = "new requests that may wait per worker; more get 503 (default: ${DEFAULT-VALUE})")
    int queueCapacity = 1024;

    @Option(names = "--docroot", paramLabel = "DIR", description = "document root for static files (default: demo/site of the ecbd installation)")
    Path docroot;

    @Option(names = "--stencils", paramLabel = "DIR", description = "stencils of /demo/stencil (default: demo/stencils of the ecbd installation)")
    Path stencils;

    @Option(names = "--session-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
        description = "how long an extension may keep a request pending, like 30s or 500ms (default: ${DEFAULT-VALUE})")
    Duration sessionTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
        description = "how long a keep-alive connection may idle (default: ${DEFAULT-VALUE})")
    Duration idleTimeout;

    @Option(names = "--head-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
        description = "how long a client may take to send a request head and its first 48 KiB of body (default: ${DEFAULT-VALUE})")
    Duration headTimeout;

    @Option(names = "--max-body", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "1G",
        description = "largest request body, like 10M; larger gets 413 (default: ${DEFAULT-VALUE})")
    long maxBody;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
        description = "on SIGTERM, how long requests in flight may take to finish before they are reclaimed (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(names = "--min-request-body-rate", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "240",
        description = "slowest a request body may arrive while an extension waits for it, in bytes/s; slower gets 408 (0: off; default: ${DEFAULT-VALUE})")
    long minRequestBodyRate;

    @Option(names = "--min-response-rate", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "240",
        description = "slowest a client may take output waiting for it, in bytes/s; slower is closed (0: off; default: ${DEFAULT-VALUE})")
    long minResponseRate;

    @Option(names = "--data-rate-grace", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
        description = "window over which both minimum rates are measured: how long a client may pause (default: ${DEFAULT-VALUE})")
    Duration dataRateGrace;

    @Option(names = "--max-unread-body", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "1M",
        description = "body bytes read and dropped after a response that left them unread, before the connection closes (default: ${DEFAULT-VALUE})")
    long maxUnreadBody;

    @Option(names = "--log-level", paramLabel = "[PACKAGE=]LEVEL",
        description = "error, warning, info, debug or trace, for ecbd or for one package, like dev.ecbd.transport=debug (client faults are logged at debug); repeatable (default: info)")
    List<String> logLevels = new ArrayList<>();

    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    /** Runs the command; @return its exit code. */
    static int run(final String... args)
    {
        return commandLine().execute(args);
    }

    /** @return the command line, with errors reported as one line on its error writer. */
    static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler((ex, ignored) ->
        {
            commandLine.getErr().println("ecbd: " + ex.getMessage() + " (see ecbd --help)");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((ex, ignored, parsed) ->
        {
            commandLine.getErr().println("ecbd: " + describe(ex));
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws Exception
    {
        final EcbdConfig config = config();
        LogLevels.apply(logLevels);
        requireResolvable(host);
        final Path docroot = directory("--docroot", this.docroot, "demo/site");
        final Path stencils = this.stencils != null ? directory("--stencils", this.stencils, null) : optionalDirectory("demo/stencils");
        final Ecbd ecbd;
        try
        {
            ecbd = Ecbd.start(config, docroot, stencils, mappings -> { });
        }
        catch (final Exception ex)
        {
            if (ex instanceof IOException)
            {
                throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + ex.getMessage(), ex);
            }
            throw ex;
        }
        // NOTE: SIGTERM and SIGINT run this hook: it drains, then halts with 0, so that an orchestrator sees a clean
        // exit rather than the 143 a JVM ended by a signal reports. Nothing else registers a hook that must run.
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            ecbd.close();
            Runtime.getRuntime().halt(0);
        }, "ecbd-shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }

    EcbdConfig config()
    {
        final int workerCount = workers != null ? workers : Math.max(1, CPU_COUNT - ioThreads);
        final EcbdConfig.Builder config = EcbdConfig.builder();
        config.http()
            .host(host)
            .port(port)
            .transport(transport)
            .ioThreads(ioThreads)
            .maxBodySize(maxBody)
            .idleTimeout(positive("--idle-timeout", idleTimeout))
            .headTimeout(positive("--head-timeout", headTimeout))
            .drainTimeout(positive("--drain-timeout", drainTimeout))
            .minRequestBodyRate(minRequestBodyRate)
            .minResponseRate(minResponseRate)
            .dataRateGrace(positive("--data-rate-grace", dataRateGrace))
            .maxUnreadBody(maxUnreadBody)
            .batchScheduledIo(batchScheduledIo(workerCount));
        config.dispatcher()
            .workers(workerCount)
            .cpus(cpus != null ? allowed(CpuList.parse(cpus)) : defaultWorkerCpus())
            .poolSize(poolSize)
            .queueCapacity(queueCapacity)
            .sessionTimeout(positive("--session-timeout", sessionTimeout));
        return config.build();
    }

    private boolean batchScheduledIo(final int workerCount)
    {
        final int cpus = ALLOWED_CPUS.length > 0 ? ALLOWED_CPUS.length : CPU_COUNT;
        return switch (ioSched)
        {
            case "batch" -> true;
            case "normal" -> false;
            case "auto" -> ioThreads + workerCount > cpus;
            default -> throw new IllegalArgumentException("--io-sched must be auto, batch or normal: " + ioSched);
        };
    }

    private int[] defaultWorkerCpus()
    {
        if (ALLOWED_CPUS.length == 0)
        {
            return new int[0];
        }
        final int skip = ALLOWED_CPUS.length > ioThreads ? ioThreads : 0;
        return Arrays.copyOfRange(ALLOWED_CPUS, skip, ALLOWED_CPUS.length);
    }

    private static Duration positive(final String option, final Duration duration)
    {
        if (duration.isZero())
        {
            throw new IllegalArgumentException(option + " must be longer than 0");
        }
        return duration;
    }

    /** @return {@code cpus}, each one this process may run on. */
    private static int[] allowed(final int[] cpus)
    {
        for (final int cpu : cpus)
        {
            if (ALLOWED_CPUS.length > 0 && Arrays.stream(ALLOWED_CPUS).noneMatch(allowed -> allowed == cpu))
            {
                throw new IllegalArgumentException("--cpus: CPU " + cpu + " is not one this process may run on (it may run on "
                    + Arrays.toString(ALLOWED_CPUS) + ")");
            }
        }
        return cpus;
    }

    private static void requireResolvable(final String host)
    {
        try
        {
            InetAddress.getByName(host);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("--host " + host + " does not resolve to an address");
        }
    }

    /**
     * @return the directory an option names (a relative one from the directory ecbd was started
     *         in), or else {@code installed} under the installation ({@code ecbd.home}).
     */
    private static Path directory(final String option, final Path given, final String installed)
    {
        final Path directory = given != null ? given.toAbsolutePath() : installation().resolve(installed);
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException(option + " " + directory + " is not a directory");
        }
        return directory;
    }

    /** @return {@code installed} under the installation when it is a directory there, else null. */
    private static Path optionalDirectory(final String installed)
    {
        final Path directory = installation().resolve(installed);
        return Files.isDirectory(directory) ? directory : null;
    }

    /** @return where ecbd is installed: {@code bin/ecbd} passes its root as {@code ecbd.home}; else the working directory. */
    private static Path installation()
    {
        return Path.of(System.getProperty("ecbd.home", "")).toAbsolutePath();
    }

    private static String describe(final Throwable ex)
    {
        final String message = ex.getMessage();
        return message == null ? ex.toString() : message;
    }

    /** A converter whose parser throws {@link IllegalArgumentException}; picocli reports its message in one line. */
    abstract static class ParsingConverter<T> implements CommandLine.ITypeConverter<T>
    {
        abstract T parse(String value);

        @Override
        public final T convert(final String value)
        {
            try
            {
                return parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }

    /** Converts sizes: {@code 1G}, {@code 64K}, {@code 1048576}. */
    static final class SizeConverter extends ParsingConverter<Long>
    {
        @Override
        Long parse(final String value)
        {
            return Units.parseSize(value);
        }
    }

    /** Converts durations: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 30}. */
    static final class DurationConverter extends ParsingConverter<Duration>
    {
        @Override
        Duration parse(final String value)
        {
            return Units.parseDuration(value);
        }
    }

    /** Converts {@code --transport} values. */
    static final class TransportConverter extends ParsingConverter<TransportKind>
    {
        @Override
        TransportKind parse(final String value)
        {
            return TransportKind.parse(value);
        }
    }

    /** Reports the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ecbd " + (version == null ? "(development build)" : version) + " on Java " + Runtime.version()};
        }
    }
}
