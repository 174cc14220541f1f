package dev.ecbd.server;

import dev.ecbd.os.CpuScheduling;
import dev.ecbd.transport.TransportKind;
import dev.ecbd.server.accesslog.AccessLogFormat;
import dev.ecbd.server.accesslog.AccessLogSettings;
import dev.ecbd.server.config.ConfigException;
import dev.ecbd.server.config.ConfigFile;
import dev.ecbd.server.config.EffectiveConfig;
import dev.ecbd.server.config.LayeredDefaults;
import dev.ecbd.server.deploy.ExtensionLoadException;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** The {@code ecbd} command. */
@Command(name = "ecbd", mixinStandardHelpOptions = true, versionProvider = OptionTypes.Version.class, sortOptions = false,
    description = "HTTP/1.1 extension server on io_uring and epoll, with pooled off-heap extension control blocks.")
public final class Main implements Callable<Integer>
{
    static
    {
        JvmDefaults.apply(System.getProperties());
    }

    private static final int[] ALLOWED_CPUS = CpuScheduling.allowedCpus();
    private static final int CPU_COUNT = Math.max(1, Runtime.getRuntime().availableProcessors());

    @Option(names = "--config", paramLabel = "FILE",
        description = "configuration file (YAML): every option below as a key of the same name, and the extensions; "
            + "ECBD_* environment variables (ECBD_MAX_BODY for --max-body) override it, and flags override both "
            + "(default: demo/ecbd.yaml of the ecbd installation, or ECBD_CONFIG)")
    Path configFile;

    @Option(names = "--print-config", description = "print the effective configuration, each value with where it came from, and exit")
    boolean printConfig;

    @Option(names = "--host", paramLabel = "ADDR", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "port to listen on, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--transport", paramLabel = "KIND", converter = OptionTypes.TransportConverter.class, defaultValue = "auto",
        description = "auto, io_uring, epoll or nio (default: auto: io_uring, then epoll, then nio)")
    TransportKind transport;

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

    @Option(names = "--docroot", paramLabel = "DIR", description = "document root for static files under / (default: none)")
    Path docroot;

    @Option(names = "--open-files", paramLabel = "N",
        description = "how many of the document root's files are held open with their metadata and response heads, as nginx's open_file_cache "
            + "(0: open each file per request; default: ${DEFAULT-VALUE})")
    int openFiles = 1024;

    @Option(names = "--open-file-valid", paramLabel = "DURATION", converter = OptionTypes.DurationConverter.class, defaultValue = "1s",
        description = "how long a file held open is served before it is checked against the disk again; a change shows within it "
            + "(default: ${DEFAULT-VALUE})")
    Duration openFileValid;

    @Option(names = "--reload-interval", paramLabel = "DURATION", converter = OptionTypes.DurationConverter.class, defaultValue = "1s",
        description = "how often extension packages are checked for new jars, loaded once they stay the same for one interval "
            + "(0: never; SIGHUP reloads every package at once; default: ${DEFAULT-VALUE})")
    Duration reloadInterval;

    @Option(names = "--session-timeout", paramLabel = "DURATION", converter = OptionTypes.DurationConverter.class, defaultValue = "30s",
        description = "how long an extension may keep a request pending, like 30s or 500ms (default: ${DEFAULT-VALUE})")
    Duration sessionTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = OptionTypes.DurationConverter.class, defaultValue = "60s",
        description = "how long a keep-alive connection may idle (default: ${DEFAULT-VALUE})")
    Duration idleTimeout;

    @Option(names = "--head-timeout", paramLabel = "DURATION", converter = OptionTypes.DurationConverter.class, defaultValue = "10s",
        description = "how long a client may take to send a request head and its first 48 KiB of body (default: ${DEFAULT-VALUE})")
    Duration headTimeout;

    @Option(names = "--max-body", paramLabel = "SIZE", converter = OptionTypes.SizeConverter.class, defaultValue = "1G",
        description = "largest request body, like 10M; larger gets 413 (default: ${DEFAULT-VALUE})")
    long maxBody;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = OptionTypes.DurationConverter.class, defaultValue = "30s",
        description = "on SIGTERM, how long requests in flight may take to finish before they are reclaimed (default: ${DEFAULT-VALUE})")
    Duration drainTimeout;

    @Option(names = "--min-request-body-rate", paramLabel = "SIZE", converter = OptionTypes.SizeConverter.class, defaultValue = "240",
        description = "slowest a request body may arrive while an extension waits for it, in bytes/s; slower gets 408 (0: off; default: ${DEFAULT-VALUE})")
    long minRequestBodyRate;

    @Option(names = "--min-response-rate", paramLabel = "SIZE", converter = OptionTypes.SizeConverter.class, defaultValue = "240",
        description = "slowest a client may take output waiting for it, in bytes/s; slower is closed (0: off; default: ${DEFAULT-VALUE})")
    long minResponseRate;

    @Option(names = "--data-rate-grace", paramLabel = "DURATION", converter = OptionTypes.DurationConverter.class, defaultValue = "5s",
        description = "window over which both minimum rates are measured: how long a client may pause (default: ${DEFAULT-VALUE})")
    Duration dataRateGrace;

    @Option(names = "--max-unread-body", paramLabel = "SIZE", converter = OptionTypes.SizeConverter.class, defaultValue = "1M",
        description = "body bytes read and dropped after a response that left them unread, before the connection closes (default: ${DEFAULT-VALUE})")
    long maxUnreadBody;

    @Option(names = "--access-log", paramLabel = "off|stdout|FILE", defaultValue = "off",
        description = "where the access log goes: off, stdout, or a file to append to, reopened on SIGUSR1 after a rotation (default: ${DEFAULT-VALUE})")
    String accessLog;

    @Option(names = "--access-log-format", paramLabel = "FORMAT", defaultValue = "combined",
        description = "combined (Apache's and nginx's) or json (with the duration in microseconds and the worker) (default: ${DEFAULT-VALUE})")
    String accessLogFormat;

    @Option(names = "--access-log-buffer", paramLabel = "SIZE", converter = OptionTypes.SizeConverter.class, defaultValue = "1M",
        description = "room for access-log records waiting for the log's thread, a power of two; records that find it full are dropped "
            + "and counted in /metrics (default: ${DEFAULT-VALUE})")
    long accessLogBuffer;

    @Option(names = "--latency-histograms", negatable = true, defaultValue = "true", fallbackValue = "true",
        description = "record each request's stage latencies and status class for /metrics (ecbd_request_stage_seconds, ecbd_responses_total; "
            + "default: on; --no-latency-histograms turns it off)")
    boolean latencyHistograms;

    @Option(names = "--log-level", paramLabel = "[PACKAGE=]LEVEL", split = ",",
        description = "error, warning, info, debug or trace, for ecbd or for one package, like dev.ecbd.transport=debug (client faults are logged at debug); repeatable (default: info)")
    List<String> logLevels = new ArrayList<>();

    /** Options that are not settings, and so not keys of the configuration file. */
    private static final Set<String> COMMAND_OPTIONS = Set.of("help", "version", "config", "print-config");
    /** Options whose relative paths in the configuration file resolve from its directory. */
    private static final Set<String> PATH_OPTIONS = Set.of("docroot", "access-log");

    private static final String INVALID_VALUE = "Invalid value for option '";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The configuration file read, or null; and where each value not given as a flag came from. */
    private ConfigFile file;
    private LayeredDefaults defaults;

    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    /** Runs the command with the process's environment; @return its exit code. */
    static int run(final String... args)
    {
        return run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command, printing to {@code out} and reporting errors to {@code err}; @return its exit code. */
    static int run(final Map<String, String> environment, final PrintWriter out, final PrintWriter err, final String... args)
    {
        final CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        final Main main = commandLine.getCommand();
        try
        {
            main.file = helpOnly(args) ? null : ConfigFile.locate(args, environment, fileOptions(commandLine));
        }
        catch (final ConfigException ex)
        {
            commandLine.getErr().println("ecbd: " + ex.getMessage());
            return 2;
        }
        main.defaults = new LayeredDefaults(main.file, environment, PATH_OPTIONS);
        commandLine.setDefaultValueProvider(main.defaults);
        return commandLine.execute(args);
    }

    /** @return the command line, with errors reported as one line on its error writer. */
    static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler((ex, ignored) ->
        {
            final Main main = commandLine.getCommand();
            commandLine.getErr().println("ecbd: " + main.describe(ex) + " (see ecbd --help)");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((ex, ignored, parsed) ->
        {
            commandLine.getErr().println("ecbd: " + describe(ex));
            return ex instanceof IllegalArgumentException || ex instanceof ExtensionLoadException ? 2 : 1;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws Exception
    {
        final EcbdConfig config = config();
        if (printConfig)
        {
            new EffectiveConfig(file, defaults).print(spec, config.extensions(), spec.commandLine().getOut());
            return 0;
        }
        LogLevels.apply(logLevels);
        requireResolvable(host);
        final Ecbd ecbd;
        try
        {
            ecbd = Ecbd.start(config);
        }
        catch (final Exception ex)
        {
            if (ex instanceof IOException)
            {
                throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + ex.getMessage(), ex);
            }
            throw ex;
        }
        Signals.onHangUp(ecbd.deployer()::reloadAll);
        if (ecbd.accessLog() != null)
        {
            Signals.onUserSignal1(ecbd.accessLog()::reopen);
        }
        // NOTE: SIGTERM and SIGINT run this hook: it drains, then halts with 0, so that an orchestrator sees a clean
        // exit rather than the 143 a JVM ended by a signal reports. Nothing else registers a hook that must run.
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            ecbd.close();
            stopFlightRecordings();
            Runtime.getRuntime().halt(0);
        }, "ecbd-shutdown"));
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * Stops the flight recordings still running, so that each writes its file: the halt that
     * follows the drain skips the JVM's other shutdown hooks, the recorder's among them.
     */
    private static void stopFlightRecordings()
    {
        if (FlightRecorder.isInitialized())
        {
            for (final Recording recording : FlightRecorder.getFlightRecorder().getRecordings())
            {
                if (recording.getState() == RecordingState.RUNNING)
                {
                    recording.stop();
                }
            }
        }
    }

    EcbdConfig config()
    {
        final int workerCount = workers != null ? workers : Math.max(1, CPU_COUNT - ioThreads);
        final EcbdConfig.Builder config = EcbdConfig.builder()
            .documentRoot(docroot == null ? null : directory("docroot", docroot))
            .reloadInterval(reloadInterval)
            .openFileCache(nonNegative("open-files", openFiles), openFileValid)
            .accessLog(accessLogSettings());
        if (file != null)
        {
            file.extensions().forEach(config::extension);
        }
        config.http()
            .host(host)
            .port(port)
            .transport(transport)
            .ioThreads(ioThreads)
            .maxBodySize(maxBody)
            .idleTimeout(positive("idle-timeout", idleTimeout))
            .headTimeout(positive("head-timeout", headTimeout))
            .drainTimeout(positive("drain-timeout", drainTimeout))
            .minRequestBodyRate(minRequestBodyRate)
            .minResponseRate(minResponseRate)
            .dataRateGrace(positive("data-rate-grace", dataRateGrace))
            .maxUnreadBody(maxUnreadBody)
            .latencyHistograms(latencyHistograms)
            .batchScheduledIo(batchScheduledIo(workerCount));
        config.dispatcher()
            .workers(workerCount)
            .cpus(cpus != null ? allowed(CpuList.parse(cpus)) : defaultWorkerCpus())
            .poolSize(poolSize)
            .queueCapacity(queueCapacity)
            .sessionTimeout(positive("session-timeout", sessionTimeout));
        return config.build();
    }

    private AccessLogSettings accessLogSettings()
    {
        final AccessLogFormat format;
        try
        {
            format = AccessLogFormat.parse(accessLogFormat);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(where("access-log-format") + ": must be combined or json: " + accessLogFormat);
        }
        if (accessLogBuffer < 64 * 1024 || accessLogBuffer > 1 << 30 || Long.bitCount(accessLogBuffer) != 1)
        {
            throw new IllegalArgumentException(where("access-log-buffer") + ": must be a power of two from 64K to 1G: " + accessLogBuffer);
        }
        return switch (accessLog)
        {
            case "off" -> null;
            case "stdout" -> new AccessLogSettings(null, format, (int)accessLogBuffer);
            default -> new AccessLogSettings(Path.of(accessLog).toAbsolutePath(), format, (int)accessLogBuffer);
        };
    }

    private boolean batchScheduledIo(final int workerCount)
    {
        final int cpus = ALLOWED_CPUS.length > 0 ? ALLOWED_CPUS.length : CPU_COUNT;
        return switch (ioSched)
        {
            case "batch" -> true;
            case "normal" -> false;
            case "auto" -> ioThreads + workerCount > cpus;
            default -> throw new IllegalArgumentException(where("io-sched") + ": must be auto, batch or normal: " + ioSched);
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

    private Duration positive(final String name, final Duration duration)
    {
        if (duration.isZero())
        {
            throw new IllegalArgumentException(where(name) + ": must be longer than 0");
        }
        return duration;
    }

    private int nonNegative(final String name, final int value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(where(name) + ": must not be negative");
        }
        return value;
    }

    /** @return {@code cpus}, each one this process may run on. */
    private int[] allowed(final int[] cpus)
    {
        for (final int cpu : cpus)
        {
            if (ALLOWED_CPUS.length > 0 && Arrays.stream(ALLOWED_CPUS).noneMatch(allowed -> allowed == cpu))
            {
                throw new IllegalArgumentException(where("cpus") + ": CPU " + cpu + " is not one this process may run on (it may run on "
                    + Arrays.toString(ALLOWED_CPUS) + ")");
            }
        }
        return cpus;
    }

    private void requireResolvable(final String host)
    {
        try
        {
            InetAddress.getByName(host);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException(where("host") + ": " + host + " does not resolve to an address");
        }
    }

    /** @return the directory option {@code name} gives, made absolute; a relative flag resolves from the working directory. */
    private Path directory(final String name, final Path given)
    {
        final Path directory = given.toAbsolutePath();
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException(where(name) + ": " + directory + " is not a directory");
        }
        return directory;
    }

    /**
     * @return how a message names option {@code name} (without dashes): its flag when the command
     *         line gave it, else the file, line and key, or the environment variable, it came from.
     */
    private String where(final String name)
    {
        final CommandLine.ParseResult parsed = spec == null ? null : spec.commandLine().getParseResult();
        final boolean flag = parsed == null || parsed.hasMatchedOption("--" + name);
        final String origin = flag || defaults == null ? null : defaults.origin(name);
        return origin != null ? origin : "--" + name;
    }

    /** @return a parameter error's message, naming where a value from the file or the environment came from. */
    private String describe(final CommandLine.ParameterException ex)
    {
        if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec option && ex.getMessage().startsWith(INVALID_VALUE))
        {
            final String reason = ex.getMessage().substring(ex.getMessage().indexOf(": ", INVALID_VALUE.length()) + 2);
            return where(option.longestName().substring(2)) + ": " + reason;
        }
        return ex.getMessage();
    }

    /** @return whether the command line only asks for help or the version: no configuration is read. */
    private static boolean helpOnly(final String... args)
    {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version"));
    }

    /** @return the options a configuration file may set, by their names without dashes. */
    private static Set<String> fileOptions(final CommandLine commandLine)
    {
        final Set<String> names = new TreeSet<>();
        for (final CommandLine.Model.OptionSpec option : commandLine.getCommandSpec().options())
        {
            names.add(option.longestName().substring(2));
        }
        names.removeAll(COMMAND_OPTIONS);
        return names;
    }

    private static String describe(final Throwable ex)
    {
        final String message = ex.getMessage();
        return message == null ? ex.toString() : message;
    }
}
