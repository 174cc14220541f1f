package dev.ecbd.jmh;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.FileTransmission;
import dev.ecbd.dispatcher.Dispatcher;
import dev.ecbd.dispatcher.DispatcherConfig;
import dev.ecbd.dispatcher.EcbSession;
import dev.ecbd.dispatcher.Exchange;
import dev.ecbd.dispatcher.SessionEnd;
import dev.ecbd.pool.EcbPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The ECB hand-off round trip: the benchmark thread plays the I/O thread (acquire a slot,
 * dispatch it to its worker through the MPSC queue), the worker runs an extension that answers
 * SUCCESS at once, finishes the session, and hands it back; the benchmark thread recycles it.
 * Pool, queues, state machine and hand-off are the real ones; only the socket side is a stand-in.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Thread)
public class HandoffBenchmark
{
    private static final Extension ANSWER_AT_ONCE = ecb -> ExtensionStatus.SUCCESS;

    private Dispatcher dispatcher;
    private BackToCaller[] exchanges;

    /** Stands in for the transport: finishing a session hands it back to the benchmark thread. */
    static final class BackToCaller implements Exchange
    {
        volatile boolean finished;

        @Override
        public CharSequence pathView()
        {
            return "/";
        }

        @Override
        public void finish(final SessionEnd end)
        {
            finished = true;
        }

        @Override
        public String method()
        {
            return "GET";
        }

        @Override
        public String path()
        {
            return "/";
        }

        @Override
        public String query()
        {
            return "";
        }

        @Override
        public String protocol()
        {
            return "HTTP/1.1";
        }

        @Override
        public String header(final String name)
        {
            return null;
        }

        @Override
        public int headerCount()
        {
            return 0;
        }

        @Override
        public String headerName(final int index)
        {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public String headerValue(final int index)
        {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public InetSocketAddress remoteAddress()
        {
            return null;
        }

        @Override
        public long contentLength()
        {
            return -1;
        }

        @Override
        public int availableBodyLength()
        {
            return 0;
        }

        @Override
        public int copyAvailableBody(final int from, final byte[] dst, final int dstOffset, final int length)
        {
            return 0;
        }

        @Override
        public void sendResponseHeader(final int status, final CharSequence headerLines)
        {
        }

        @Override
        public void writeClient(final byte[] src, final int offset, final int length)
        {
        }

        @Override
        public void writeClient(final ByteBuffer src)
        {
        }

        @Override
        public long bytesWritten()
        {
            return 0;
        }

        @Override
        public int readClient(final byte[] dst, final int offset, final int length)
        {
            return 0;
        }

        @Override
        public void writeClientAsync(final byte[] src, final int offset, final int length)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeClientAsync(final ByteBuffer src)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public void readClientAsync(final byte[] dst, final int offset, final int length)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public void transmitFile(final FileTransmission transmission)
        {
            throw new UnsupportedOperationException();
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        final EcbPool pool = new EcbPool(1024, 1);
        exchanges = new BackToCaller[pool.capacity()];
        for (int i = 0; i < exchanges.length; i++)
        {
            exchanges[i] = new BackToCaller();
        }
        dispatcher = new Dispatcher(pool, slot -> exchanges[slot], new DispatcherConfig(1, new int[0], 1024, Duration.ofSeconds(30)));
        dispatcher.start();
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        dispatcher.close();
    }

    @Benchmark
    public int roundTrip()
    {
        final int slot = dispatcher.acquire(0);
        final BackToCaller exchange = exchanges[slot];
        final EcbSession session = dispatcher.session(slot);
        if (!session.dispatch(ANSWER_AT_ONCE))
        {
            throw new IllegalStateException("worker queue full");
        }
        while (!exchange.finished)
        {
            Thread.onSpinWait();
        }
        exchange.finished = false;
        session.recycle();
        return slot;
    }
}
