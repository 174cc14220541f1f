package dev.ecbd.jmh;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An open-loop HTTP/1.1 load generator: requests fall due at a fixed rate whatever the server
 * does, and each one's latency counts from when it fell due, not from when it was sent, so that a
 * stall shows in full instead of hiding itself (coordinated omission, corrected as wrk2 does).
 *
 * <p>One thread, non-blocking sockets, a pool of keep-alive connections with one request in flight
 * on each: a request that falls due while every connection is busy waits for the first to free up,
 * and that wait is part of its latency. Responses must carry {@code Content-Length}. The thread
 * spins (no sleep between sends), so it should have a CPU of its own.
 *
 * <p>Usage: {@code java -cp jmh/target/benchmarks.jar dev.ecbd.jmh.OpenLoopClient --url http://127.0.0.1:8080/plaintext
 * --rate 40000 [--connections 64] [--warmup 3] [--duration 10] [--hgrm FILE]}. It prints one line,
 * {@code RESULT offered=… achieved=… requests=… errors=… p50_us=… p90_us=… p99_us=… p999_us=… p9999_us=… max_us=…},
 * and with {@code --hgrm} writes the whole latency distribution in HdrHistogram's percentile format
 * (microseconds). It exits 1 when it could not keep the rate (more than 1% behind), so that a
 * generator's limit is never reported as a server's latency.
 */
public final class OpenLoopClient
{
    /** Requests due but not yet sent, at most: a server this far behind has stopped serving. */
    private static final int MAX_BACKLOG = 1 << 22;

    private final Settings settings;
    private final Selector selector;
    private final ByteBuffer request;
    /**
     * The measured requests' latencies at index 0, the warm-up's at 1: every completion is recorded
     * the same way, so the JIT compiles one path for both, and none is left to compile (and run
     * interpreted meanwhile) when the measurement starts.
     */
    private final Histogram[] latencies = {new Histogram(TimeUnit.MINUTES.toNanos(10), 3), new Histogram(TimeUnit.MINUTES.toNanos(10), 3)};
    private final long[] completed = new long[2];
    private final long[] errors = new long[2];
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final long[] backlog = new long[MAX_BACKLOG];
    private int backlogHead;
    private int backlogSize;
    private long measureFromNs;
    private long measureUntilNs;
    private long sent;

    private OpenLoopClient(final Settings settings) throws IOException
    {
        this.settings = settings;
        this.selector = Selector.open();
        final byte[] bytes = ("GET " + settings.target + " HTTP/1.1\r\nHost: " + settings.address.getHostString() + ":" + settings.address.getPort()
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.request = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    public static void main(final String[] args) throws IOException
    {
        final Settings settings = Settings.parse(args);
        final OpenLoopClient client = new OpenLoopClient(settings);
        final boolean keptUp = client.run();
        client.report(System.out);
        if (settings.hgrm != null)
        {
            try (PrintStream out = new PrintStream(Files.newOutputStream(settings.hgrm), false, StandardCharsets.US_ASCII))
            {
                client.latencies[0].outputPercentileDistribution(out, 1000.0);
            }
        }
        System.exit(keptUp ? 0 : 1);
    }

    /** @return whether the requests went out at the rate asked for. */
    private boolean run() throws IOException
    {
        for (int i = 0; i < settings.connections; i++)
        {
            idle.add(new Connection(connect(), request.duplicate()));
        }
        final double intervalNs = 1e9 / settings.rate;
        final long startNs = System.nanoTime();
        measureFromNs = startNs + TimeUnit.SECONDS.toNanos(settings.warmupSeconds);
        measureUntilNs = measureFromNs + TimeUnit.SECONDS.toNanos(settings.durationSeconds);
        final long giveUpNs = measureUntilNs + TimeUnit.SECONDS.toNanos(10);
        long due = 0;
        long nextDueNs = startNs;
        while (true)
        {
            final long now = System.nanoTime();
            while (nextDueNs <= now && nextDueNs < measureUntilNs)
            {
                if (backlogSize == MAX_BACKLOG)
                {
                    return false;
                }
                backlog[(backlogHead + backlogSize++) % MAX_BACKLOG] = nextDueNs;
                nextDueNs = startNs + (long)(++due * intervalNs);
            }
            while (backlogSize > 0 && !idle.isEmpty())
            {
                send(idle.poll());
            }
            if (nextDueNs >= measureUntilNs && backlogSize == 0 && idle.size() == settings.connections || now > giveUpNs)
            {
                break;
            }
            selector.selectNow(onReady);
        }
        final long measuredDue = due - (long)Math.ceil((measureFromNs - startNs) / intervalNs);
        return sent >= due && completed[0] + errors[0] >= measuredDue * 0.99;
    }

    private void send(final Connection connection)
    {
        final long dueNs = backlog[backlogHead];
        backlogHead = (backlogHead + 1) % MAX_BACKLOG;
        backlogSize--;
        connection.dueNs = dueNs;
        sent++;
        try
        {
            final ByteBuffer out = connection.request.rewind();
            while (out.hasRemaining())
            {
                connection.channel.write(out);
            }
        }
        catch (final IOException ex)
        {
            fail(connection);
        }
    }

    private void onReady(final SelectionKey key)
    {
        final Connection connection = (Connection)key.attachment();
        try
        {
            if (connection.read())
            {
                final long doneNs = System.nanoTime();
                final int phase = phase(connection.dueNs);
                if (connection.status >= 200 && connection.status < 300)
                {
                    latencies[phase].recordValue(doneNs - connection.dueNs);
                    completed[phase]++;
                }
                else
                {
                    errors[phase]++;
                }
                connection.dueNs = -1;
                idle.add(connection);
            }
        }
        catch (final IOException ex)
        {
            fail(connection);
        }
    }

    /** @return 0 for a request due in the measured time, 1 for one due in the warm-up; without a branch. */
    private int phase(final long dueNs)
    {
        return (int)((dueNs - measureFromNs) >>> 63);
    }

    /** Counts the request in flight on a broken connection as an error, and replaces the connection. */
    private void fail(final Connection connection)
    {
        if (connection.dueNs >= 0)
        {
            errors[phase(connection.dueNs)]++;
        }
        connection.close();
        try
        {
            idle.add(new Connection(connect(), request.duplicate()));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot reconnect to " + settings.address + ": " + ex.getMessage(), ex);
        }
    }

    private SelectionKey connect() throws IOException
    {
        final SocketChannel channel = SocketChannel.open(settings.address);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(false);
        return channel.register(selector, SelectionKey.OP_READ);
    }

    private void report(final PrintStream out)
    {
        final double us = 1000.0;
        final Histogram measured = latencies[0];
        out.printf("RESULT offered=%d achieved=%.0f requests=%d errors=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f p9999_us=%.1f max_us=%.1f%n",
            settings.rate, completed[0] / (double)settings.durationSeconds, completed[0], errors[0],
            measured.getValueAtPercentile(50) / us, measured.getValueAtPercentile(90) / us, measured.getValueAtPercentile(99) / us,
            measured.getValueAtPercentile(99.9) / us, measured.getValueAtPercentile(99.99) / us, measured.getMaxValue() / us);
    }

    /** One keep-alive connection and the response it is reading. */
    private static final class Connection
    {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        private final SelectionKey key;
        /** The request's bytes, rewound for each send. */
        private final ByteBuffer request;
        /** When the request in flight fell due; -1 when none is. */
        long dueNs = -1;
        int status;
        /** Body bytes still to come; -1 while the head is being read. */
        private long bodyRemaining = -1;

        Connection(final SelectionKey key, final ByteBuffer request)
        {
            this.key = key;
            this.request = request;
            this.channel = (SocketChannel)key.channel();
            key.attach(this);
        }

        /**
         * Reads what has arrived.
         *
         * @return whether the response is now complete.
         * @throws IOException when the connection broke or the response is not one this client reads.
         */
        boolean read() throws IOException
        {
            if (channel.read(in) < 0)
            {
                throw new IOException("closed by the server");
            }
            in.flip();
            boolean complete = false;
            while (in.hasRemaining())
            {
                if (bodyRemaining < 0 && !readHead())
                {
                    break;
                }
                final int take = (int)Math.min(bodyRemaining, in.remaining());
                in.position(in.position() + take);
                bodyRemaining -= take;
                if (bodyRemaining > 0)
                {
                    break;
                }
                bodyRemaining = -1;
                complete = true;
            }
            in.compact();
            if (complete && in.position() > 0)
            {
                throw new IOException("bytes after the response to a request not pipelined");
            }
            if (!in.hasRemaining())
            {
                throw new IOException("response head larger than " + in.capacity() + " bytes");
            }
            return complete;
        }

        /** Parses the head if it has all arrived: status and Content-Length. */
        private boolean readHead() throws IOException
        {
            final int start = in.position();
            final int limit = in.limit();
            for (int i = start + 3; i < limit; i++)
            {
                if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r')
                {
                    status = (in.get(start + 9) - '0') * 100 + (in.get(start + 10) - '0') * 10 + (in.get(start + 11) - '0');
                    bodyRemaining = contentLength(start, i);
                    in.position(i + 1);
                    return true;
                }
            }
            return false;
        }

        private long contentLength(final int from, final int to) throws IOException
        {
            final byte[] name = "content-length:".getBytes(StandardCharsets.US_ASCII);
            for (int line = from; line < to; line++)
            {
                if (in.get(line) != '\n')
                {
                    continue;
                }
                int i = line + 1;
                int matched = 0;
                while (matched < name.length && i < to && Character.toLowerCase(in.get(i)) == name[matched])
                {
                    i++;
                    matched++;
                }
                if (matched == name.length)
                {
                    long length = 0;
                    while (in.get(i) == ' ')
                    {
                        i++;
                    }
                    while (in.get(i) >= '0' && in.get(i) <= '9')
                    {
                        length = length * 10 + in.get(i++) - '0';
                    }
                    return length;
                }
            }
            throw new IOException("a response without Content-Length (status " + status + ")");
        }

        void close()
        {
            key.cancel();
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // NOTE: a connection already broken has nothing more to lose.
            }
        }
    }

    /** The command line. */
    private record Settings(InetSocketAddress address, String target, int rate, int connections, int warmupSeconds, int durationSeconds, Path hgrm)
    {
        static Settings parse(final String[] args)
        {
            URI url = null;
            int rate = 0;
            int connections = 64;
            int warmup = 3;
            int duration = 10;
            Path hgrm = null;
            for (int i = 0; i < args.length; i += 2)
            {
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                final String value = args[i + 1];
                switch (args[i])
                {
                    case "--url" -> url = URI.create(value);
                    case "--rate" -> rate = Integer.parseInt(value);
                    case "--connections" -> connections = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--duration" -> duration = Integer.parseInt(value);
                    case "--hgrm" -> hgrm = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: --url http://HOST:PORT/PATH --rate REQUESTS_PER_SECOND [--connections N] [--warmup S] [--duration S] [--hgrm FILE]");
                }
            }
            if (url == null || !"http".equals(url.getScheme()) || url.getPort() < 0 || rate <= 0 || connections <= 0 || duration <= 0 || warmup < 0)
            {
                throw new IllegalArgumentException("needs --url http://HOST:PORT/PATH and --rate > 0 (and --connections, --duration > 0)");
            }
            final String target = (url.getRawPath().isEmpty() ? "/" : url.getRawPath()) + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            return new Settings(new InetSocketAddress(url.getHost(), url.getPort()), target, rate, connections, warmup, duration, hgrm);
        }
    }
}
