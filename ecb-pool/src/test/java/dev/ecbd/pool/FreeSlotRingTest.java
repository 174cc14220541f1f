package dev.ecbd.pool;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class FreeSlotRingTest
{
    @Test
    void shouldBeFirstInFirstOutAndBounded()
    {
        final FreeSlotRing ring = new FreeSlotRing(4);
        for (int i = 0; i < 4; i++)
        {
            ring.offer(10 + i);
        }
        assertFalse(ring.offer(99));
        assertEquals(4, ring.size());
        for (int i = 0; i < 4; i++)
        {
            assertEquals(10 + i, ring.poll());
        }
        assertEquals(FreeSlotRing.EMPTY, ring.poll());
    }

    /** Threads take slots and give them back; no slot is ever held by two threads at once. */
    @Test
    void shouldNeverHandOneSlotToTwoThreads() throws Exception
    {
        final int slots = 64;
        final int threads = 4;
        final int rounds = 200_000;
        final FreeSlotRing ring = new FreeSlotRing(slots);
        for (int i = 0; i < slots; i++)
        {
            ring.offer(i);
        }
        final AtomicIntegerArray holders = new AtomicIntegerArray(slots);
        final AtomicReference<String> failure = new AtomicReference<>();
        final CyclicBarrier start = new CyclicBarrier(threads);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final Thread thread = new Thread(() ->
            {
                try
                {
                    start.await();
                }
                catch (final Exception ex)
                {
                    failure.set(ex.toString());
                    return;
                }
                for (int r = 0; r < rounds && failure.get() == null; r++)
                {
                    final int slot = ring.poll();
                    if (slot == FreeSlotRing.EMPTY)
                    {
                        continue;
                    }
                    if (holders.getAndIncrement(slot) != 0)
                    {
                        failure.set("slot " + slot + " held twice");
                    }
                    holders.decrementAndGet(slot);
                    if (!ring.offer(slot))
                    {
                        failure.set("ring full on a give-back");
                    }
                }
            });
            workers.add(thread);
            thread.start();
        }
        for (final Thread thread : workers)
        {
            thread.join();
        }
        assertNull(failure.get());
        assertEquals(slots, ring.size());
    }
}
