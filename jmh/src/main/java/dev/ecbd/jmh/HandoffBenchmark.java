package dev.ecbd.jmh;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.FileTransmission;
import dev.ecbd.dispatcher.Admission;
import dev.ecbd.dispatcher.Dispatcher;
import dev.ecbd.dispatcher.DispatcherConfig;
import dev.ecbd.dispatcher.EcbSession;
import dev.ecbd.dispatcher.Exchange;
import dev.ecbd.dispatcher.ExtensionResolver;
import dev.ecbd.dispatcher.RequestIntake;
import dev.ecbd.dispatcher.SessionEnd;
import dev.ecbd.os.CpuScheduling;
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
import java.util.concurrent.TimeUnit;

/**
 * The ECB hand-off round trip: the benchmark thread plays the I/O thread (admit a request: acquire
 * a slot, resolve, dispatch it to its worker through the MPSC queue), the worker runs an extension
 * that answers SUCCESS at once, finishes the session, and hands it back; the benchmark thread
 * recycles it.
 * Pool, queues, state machine and hand-off are the real ones; only the socket side is a stand-in.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HandoffBenchmark
{
    private static final Extension ANSWER_AT_ONCE = ecb -> ExtensionStatus.SUCCESS;

    private Dispatcher dispatcher;
    private BackToCaller[] exchanges;
    private final SlotTaken intake = new SlotTaken();

    /** Stands in for the connection: remembers the slot admission filled. */
    static final class SlotTaken implements RequestIntake
    {
        int slot;

        @Override
        public void fill(final int slot)
        {
            this.slot = slot;
        }

        @Override
        public void unfill(final int slot)
        {
            throw new IllegalStateException("worker queue full");
        }
    }

    /** Stands in for the transport: finishing a session hands it back to the benchmark thread. */
    static final class BackToCaller implements Exchange
    {
        volatile boolean finished;

        @Override
        public void bind(final EcbSession session)
        {
        }

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
        public InetSocketAddress localAddress()
        {
            return null;
        }

        @Override
        public boolean isKeepConnection()
        {
            return true;
        }

        @Override
        public void closeConnection()
        {
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

    /**
     * Places the threads as ecbd does on two CPUs, and says where they run: the benchmark thread
     * (the I/O thread's stand-in) pinned to the first CPU this process may use, the worker to the
     * last. Unpinned, the two may share one CPU, and every round trip then waits for the
     * scheduler: the figure depended on where the threads happened to land.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final int[] cpus = CpuScheduling.allowedCpus();
        final boolean twoCpus = cpus.length >= 2;
        final String benchmarkThread = twoCpus ? CpuScheduling.pinCurrentThread(cpus[0]) : "only one CPU allowed";
        final DispatcherConfig config = DispatcherConfig.builder().poolSize(1024).workers(1).queueCapacity(1024)
            .cpus(twoCpus ? new int[] {cpus[cpus.length - 1]} : new int[0]).build();
        exchanges = new BackToCaller[config.poolSize()];
        for (int i = 0; i < exchanges.length; i++)
        {
            exchanges[i] = new BackToCaller();
        }
        dispatcher = new Dispatcher(config, slot -> exchanges[slot], ExtensionResolver.serving(ANSWER_AT_ONCE));
        dispatcher.start();
        System.out.printf("%nplacement: benchmark thread %s; worker %s%n", benchmarkThread == null ? "pinned to CPU " + cpus[0] : "not pinned: " + benchmarkThread,
            dispatcher.workers().getFirst().pinning());
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        dispatcher.close();
    }

    @Benchmark
    public int roundTrip()
    {
        if (dispatcher.admit(0, intake, 0, 0, 0) != Admission.ADMITTED)
        {
            throw new IllegalStateException("no free ECB");
        }
        final int slot = intake.slot;
        final BackToCaller exchange = exchanges[slot];
        while (!exchange.finished)
        {
            Thread.onSpinWait();
        }
        exchange.finished = false;
        dispatcher.session(slot).recycle(null, 0);
        return slot;
    }
}
