package dev.ecbd.jmh;

import dev.ecbd.pool.EcbPool;
import dev.ecbd.pool.EcbSlot;
import dev.ecbd.pool.EcbState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

import static dev.ecbd.pool.EcbSlotDescriptor.stateWord;

/** Acquiring an ECB slot and releasing it, as an I/O thread does once per request. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EcbPoolBenchmark
{
    private EcbPool pool;
    private EcbSlot[] slots;

    @Setup
    public void setUp()
    {
        pool = new EcbPool(4096, 1);
        slots = new EcbSlot[pool.capacity()];
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = pool.slot(i);
        }
    }

    @Benchmark
    public int acquireAndRelease()
    {
        final int slot = pool.acquire(0);
        final EcbSlot view = slots[slot];
        view.stateWordRelease(stateWord(view.generation() + 1, EcbState.FINISHING));
        pool.release(slot);
        return slot;
    }
}
