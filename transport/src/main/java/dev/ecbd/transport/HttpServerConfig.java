package dev.ecbd.transport;

import java.time.Duration;

/**
 * How the HTTP transport runs: where it listens, its I/O threads, and the limits and timeouts of
 * HTTP/1.1, with production defaults; build one with {@link #builder()}. The workers and the ECB
 * pool are the dispatcher's ({@code DispatcherConfig}).
 *
 * @param host address to listen on.
 * @param port port to listen on; 0 picks a free one.
 * @param transport which socket transport to use.
 * @param ioThreads how many I/O threads ({@code ecbd-io-N}).
 * @param maxHeadSize the longest request head in bytes; longer gets 431.
 * @param maxUriLength the longest request target in bytes; longer gets 414.
 * @param maxHeaders the most header fields; more get 431.
 * @param maxBodySize the largest request body in bytes; a larger declared length gets 413, a
 *        larger chunked body fails its read. Bodies stream, so this bounds no memory.
 * @param maxPipelined the most requests of one connection in flight at once; the server reads no
 *        further until one completes.
 * @param flushThreshold response bytes buffered before a synchronous write hands them to the connection.
 * @param headTimeout how long a client may take to send a request head and its read-ahead (the
 *        first 48 KiB of its body); then 408 and close.
 * @param idleTimeout how long a keep-alive connection may sit idle, or a client may leave the
 *        server's output unread, before the connection is closed.
 * @param minRequestBodyRate the slowest a request body may arrive while an extension waits for it,
 *        in bytes per second, measured over windows of {@code dataRateGrace}; slower gets 408 (or a
 *        close) and the read fails. 0 turns the check off.
 * @param minResponseRate the slowest a client may take output the server holds for it, in bytes
 *        per second, measured the same way; slower closes the connection. 0 turns the check off.
 * @param dataRateGrace the window over which both rates are measured: how long a client may pause.
 * @param maxUnreadBody the most body bytes the server reads and drops, after a response that ended
 *        before its request's body was read, before it closes the connection (a lingering close, so
 *        that a client still sending is not reset before it reads the response); a longer rest
 *        closes it at once.
 * @param drainTimeout how long a drain (shutting down) waits for requests in flight before
 *        reclaiming them and closing what is left.
 * @param batchScheduledIo whether I/O threads run under Linux's {@code SCHED_BATCH}, so that
 *        waking one (a worker handing back a response) does not preempt the worker on the CPU
 *        they share: the worker finishes what it has queued first. Meant for I/O threads and
 *        workers that share CPUs; on CPUs of their own it only delays I/O threads behind
 *        whatever else runs there.
 * @param latencyHistograms whether each I/O thread records every request's stage latencies and
 *        status class ({@link dev.ecbd.dispatcher.StageLatencies}), for the metrics.
 */
public record HttpServerConfig(
    String host,
    int port,
    TransportKind transport,
    int ioThreads,
    int maxHeadSize,
    int maxUriLength,
    int maxHeaders,
    long maxBodySize,
    int maxPipelined,
    int flushThreshold,
    Duration headTimeout,
    Duration idleTimeout,
    long minRequestBodyRate,
    long minResponseRate,
    Duration dataRateGrace,
    long maxUnreadBody,
    Duration drainTimeout,
    boolean batchScheduledIo,
    boolean latencyHistograms)
{
    public HttpServerConfig
    {
        requireRange("port", port, 0, 65535);
        requireRange("I/O threads", ioThreads, 1, 1024);
        requireRange("max head size", maxHeadSize, 256, 1 << 20);
        requireRange("max URI length", maxUriLength, 16, maxHeadSize);
        requireRange("max headers", maxHeaders, 1, 10_000);
        requireRange("max pipelined", maxPipelined, 1, 1024);
        requireRange("flush threshold", flushThreshold, 1024, 1 << 24);
        requireRange("max body size", maxBodySize, 0, Long.MAX_VALUE);
        requireRange("min request body rate", minRequestBodyRate, 0, 1L << 30);
        requireRange("min response rate", minResponseRate, 0, 1L << 30);
        requireRange("max unread body", maxUnreadBody, 0, Long.MAX_VALUE);
        for (final Duration timeout : new Duration[] {headTimeout, idleTimeout, dataRateGrace, drainTimeout})
        {
            if (timeout.isNegative() || timeout.isZero())
            {
                throw new IllegalArgumentException("timeouts must be positive: " + timeout);
            }
        }
    }

    private static void requireRange(final String what, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(what + " must be from " + min + " to " + max + ": " + value);
        }
    }

    /** @return a builder holding the defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Collects settings; every one starts at its default. */
    public static final class Builder
    {
        private String host = "127.0.0.1";
        private int port = 8080;
        private TransportKind transport = TransportKind.AUTO;
        private int ioThreads = 1;
        private int maxHeadSize = 16 * 1024;
        private int maxUriLength = 8 * 1024;
        private int maxHeaders = 100;
        private long maxBodySize = 1L << 30;
        private int maxPipelined = 64;
        private int flushThreshold = 64 * 1024;
        private Duration headTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private long minRequestBodyRate = 240;
        private long minResponseRate = 240;
        private Duration dataRateGrace = Duration.ofSeconds(5);
        private long maxUnreadBody = 1L << 20;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private boolean batchScheduledIo;
        private boolean latencyHistograms = true;

        public Builder host(final String host)
        {
            this.host = host;
            return this;
        }

        public Builder port(final int port)
        {
            this.port = port;
            return this;
        }

        public Builder transport(final TransportKind transport)
        {
            this.transport = transport;
            return this;
        }

        public Builder ioThreads(final int ioThreads)
        {
            this.ioThreads = ioThreads;
            return this;
        }

        public Builder maxHeadSize(final int maxHeadSize)
        {
            this.maxHeadSize = maxHeadSize;
            return this;
        }

        public Builder maxUriLength(final int maxUriLength)
        {
            this.maxUriLength = maxUriLength;
            return this;
        }

        public Builder maxHeaders(final int maxHeaders)
        {
            this.maxHeaders = maxHeaders;
            return this;
        }

        public Builder maxBodySize(final long maxBodySize)
        {
            this.maxBodySize = maxBodySize;
            return this;
        }

        public Builder maxPipelined(final int maxPipelined)
        {
            this.maxPipelined = maxPipelined;
            return this;
        }

        public Builder flushThreshold(final int flushThreshold)
        {
            this.flushThreshold = flushThreshold;
            return this;
        }

        public Builder headTimeout(final Duration headTimeout)
        {
            this.headTimeout = headTimeout;
            return this;
        }

        public Builder idleTimeout(final Duration idleTimeout)
        {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder minRequestBodyRate(final long minRequestBodyRate)
        {
            this.minRequestBodyRate = minRequestBodyRate;
            return this;
        }

        public Builder minResponseRate(final long minResponseRate)
        {
            this.minResponseRate = minResponseRate;
            return this;
        }

        public Builder dataRateGrace(final Duration dataRateGrace)
        {
            this.dataRateGrace = dataRateGrace;
            return this;
        }

        public Builder maxUnreadBody(final long maxUnreadBody)
        {
            this.maxUnreadBody = maxUnreadBody;
            return this;
        }

        public Builder drainTimeout(final Duration drainTimeout)
        {
            this.drainTimeout = drainTimeout;
            return this;
        }

        public Builder batchScheduledIo(final boolean batchScheduledIo)
        {
            this.batchScheduledIo = batchScheduledIo;
            return this;
        }

        public Builder latencyHistograms(final boolean latencyHistograms)
        {
            this.latencyHistograms = latencyHistograms;
            return this;
        }

        public HttpServerConfig build()
        {
            return new HttpServerConfig(host, port, transport, ioThreads, maxHeadSize, maxUriLength, maxHeaders, maxBodySize, maxPipelined,
                flushThreshold, headTimeout, idleTimeout, minRequestBodyRate, minResponseRate, dataRateGrace, maxUnreadBody, drainTimeout,
                batchScheduledIo, latencyHistograms);
        }
    }
}
