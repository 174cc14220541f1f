package dev.ecbd.jmh;

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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor under {@link HandoffBenchmark}: one cache line bounced between two threads pinned to
 * two CPUs as the hand-off's are (the benchmark thread on the first allowed CPU, a spinning echo
 * thread on the last). A round trip is two transfers of the line between the CPUs; the hand-off
 * makes several, so its figure moves with this one from machine to machine, and the ratio of the
 * two is what a rerun elsewhere reproduces.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class CoreToCoreBenchmark
{
    private final AtomicLong ball = new AtomicLong();
    private volatile boolean running;
    private Thread echo;
    private long next;

    @Setup(Level.Trial)
    public void setUp()
    {
        final int[] cpus = CpuScheduling.allowedCpus();
        final boolean twoCpus = cpus.length >= 2;
        final String self = twoCpus ? CpuScheduling.pinCurrentThread(cpus[0]) : "only one CPU allowed";
        running = true;
        echo = Thread.ofPlatform().name("echo").daemon(true).start(() ->
        {
            final String pinned = twoCpus ? CpuScheduling.pinCurrentThread(cpus[cpus.length - 1]) : "only one CPU allowed";
            System.out.printf("%nplacement: benchmark thread %s; echo thread %s%n", self == null ? "pinned to CPU " + cpus[0] : "not pinned: " + self,
                pinned == null ? "pinned to CPU " + cpus[cpus.length - 1] : "not pinned: " + pinned);
            long seen = 0;
            while (running)
            {
                final long value = ball.get();
                if (value != seen && (value & 1) == 1)
                {
                    seen = value + 1;
                    ball.set(seen);
                }
                Thread.onSpinWait();
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException
    {
        running = false;
        echo.join();
    }

    @Benchmark
    public long roundTrip()
    {
        final long sent = next + 1;
        ball.set(sent);
        while (ball.get() != sent + 1)
        {
            Thread.onSpinWait();
        }
        next = sent + 1;
        return next;
    }
}
