package dev.ecbd.pool;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FreeSlotStackTest
{
    @Test
    void shouldBeLastInFirstOut()
    {
        final FreeSlotStack stack = new FreeSlotStack(4);
        assertEquals(FreeSlotStack.EMPTY, stack.pop());
        for (int i = 0; i < 4; i++)
        {
            stack.push(i);
        }
        for (int i = 3; i >= 0; i--)
        {
            assertEquals(i, stack.pop());
        }
        assertEquals(FreeSlotStack.EMPTY, stack.pop());
        stack.push(2);
        assertEquals(2, stack.pop());
        stack.push(2);
        assertEquals(2, stack.pop(), "a popped entry pushed again is on top");
    }

    @Test
    void shouldRefuseEntriesOutsideTheCapacity()
    {
        final FreeSlotStack stack = new FreeSlotStack(4);
        assertThrows(IndexOutOfBoundsException.class, () -> stack.push(4));
        assertThrows(IndexOutOfBoundsException.class, () -> stack.push(-1));
    }

    /** Threads take entries and give them back; no entry is ever held by two threads at once. */
    @Test
    void shouldNeverHandOneEntryToTwoThreads() throws Exception
    {
        final int entries = 16;
        final int threads = 4;
        final int rounds = 200_000;
        final FreeSlotStack stack = new FreeSlotStack(entries);
        for (int i = 0; i < entries; i++)
        {
            stack.push(i);
        }
        final AtomicIntegerArray holders = new AtomicIntegerArray(entries);
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
                    final int entry = stack.pop();
                    if (entry == FreeSlotStack.EMPTY)
                    {
                        continue;
                    }
                    if (holders.getAndIncrement(entry) != 0)
                    {
                        failure.set("entry " + entry + " held twice");
                    }
                    holders.decrementAndGet(entry);
                    stack.push(entry);
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
        final Set<Integer> left = new HashSet<>();
        for (int entry = stack.pop(); entry != FreeSlotStack.EMPTY; entry = stack.pop())
        {
            left.add(entry);
        }
        assertEquals(entries, left.size(), "every entry is back, once");
    }
}
