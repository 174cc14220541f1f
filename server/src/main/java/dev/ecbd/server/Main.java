package dev.ecbd.server;

import dev.ecbd.os.CpuScheduling;
import dev.ecbd.transport.TransportKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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

    @Option(names = "--workers", paramLabel = "N", description = "worker threads that run extensions (default: the other CPUs, at least 1: ${DEFAULT-VALUE})")
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

    @Option(names = "--docroot", paramLabel = "DIR", description = "document root for static files (default: ${DEFAULT-VALUE})")
    Path docroot = Path.of("demo/site");

    @Option(names = "--stencils", paramLabel = "DIR", description = "stencils of /demo/stencil (default: ${DEFAULT-VALUE})")
    Path stencils = Path.of("demo/stencils");

    @Option(names = "--session-timeout", paramLabel = "SECONDS", description = "how long an extension may keep a request pending (default: ${DEFAULT-VALUE})")
    long sessionTimeoutSeconds = 30;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "how long a keep-alive connection may idle (default: ${DEFAULT-VALUE})")
    long idleTimeoutSeconds = 60;

    @Option(names = "--head-timeout", paramLabel = "SECONDS", description = "how long a client may take to send a request head and its first 48 KiB of body (default: ${DEFAULT-VALUE})")
    long headTimeoutSeconds = 10;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "largest request body; larger gets 413 (default: ${DEFAULT-VALUE}, 1 GiB)")
    long maxBody = 1L << 30;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS",
        description = "on SIGTERM, how long requests in flight may take to finish before they are reclaimed (default: ${DEFAULT-VALUE})")
    long drainTimeoutSeconds = 30;

    @Option(names = "--min-request-body-rate", paramLabel = "BYTES",
        description = "slowest a request body may arrive while an extension waits for it, in bytes/s; slower gets 408 (0: off; default: ${DEFAULT-VALUE})")
    long minRequestBodyRate = 240;

    @Option(names = "--min-response-rate", paramLabel = "BYTES",
        description = "slowest a client may take output waiting for it, in bytes/s; slower is closed (0: off; default: ${DEFAULT-VALUE})")
    long minResponseRate = 240;

    @Option(names = "--data-rate-grace", paramLabel = "SECONDS",
        description = "window over which both minimum rates are measured: how long a client may pause (default: ${DEFAULT-VALUE})")
    long dataRateGraceSeconds = 5;

    @Option(names = "--max-unread-body", paramLabel = "BYTES",
        description = "body bytes read and dropped after a response that left them unread, before the connection closes (default: ${DEFAULT-VALUE})")
    long maxUnreadBody = 1L << 20;

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
        if (!Files.isDirectory(docroot))
        {
            throw new IllegalArgumentException("--docroot " + docroot + " is not a directory");
        }
        final Ecbd ecbd;
        try
        {
            ecbd = Ecbd.start(config, docroot, Files.isDirectory(stencils) ? stencils : null, mappings -> { });
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
            .idleTimeout(seconds("--idle-timeout", idleTimeoutSeconds))
            .headTimeout(seconds("--head-timeout", headTimeoutSeconds))
            .drainTimeout(seconds("--drain-timeout", drainTimeoutSeconds))
            .minRequestBodyRate(minRequestBodyRate)
            .minResponseRate(minResponseRate)
            .dataRateGrace(seconds("--data-rate-grace", dataRateGraceSeconds))
            .maxUnreadBody(maxUnreadBody)
            .batchScheduledIo(batchScheduledIo(workerCount));
        config.dispatcher()
            .workers(workerCount)
            .cpus(cpus != null ? CpuList.parse(cpus) : defaultWorkerCpus())
            .poolSize(poolSize)
            .queueCapacity(queueCapacity)
            .sessionTimeout(seconds("--session-timeout", sessionTimeoutSeconds));
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

    private static Duration seconds(final String option, final long seconds)
    {
        if (seconds < 1)
        {
            throw new IllegalArgumentException(option + " must be at least 1 second: " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private static String describe(final Throwable ex)
    {
        final String message = ex.getMessage();
        return message == null ? ex.toString() : message;
    }

    /** Converts {@code --transport} values. */
    static final class TransportConverter implements CommandLine.ITypeConverter<TransportKind>
    {
        @Override
        public TransportKind convert(final String value)
        {
            try
            {
                return TransportKind.parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
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
