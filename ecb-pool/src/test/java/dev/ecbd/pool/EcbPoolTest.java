package dev.ecbd.pool;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static dev.ecbd.pool.EcbSlotDescriptor.stateWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EcbPoolTest
{
    @Test
    void shouldHandOutEverySlotOnceThenReportEmpty()
    {
        final EcbPool pool = new EcbPool(5, 2);
        final Set<Integer> seen = new HashSet<>();
        for (int partition = 0; partition < 2; partition++)
        {
            int slot;
            while ((slot = pool.acquire(partition)) != EcbPool.NO_SLOT)
            {
                assertEquals(partition, pool.partitionOf(slot));
                assertTrue(seen.add(slot), "slot handed out twice: " + slot);
            }
        }
        assertEquals(Set.of(0, 1, 2, 3, 4), seen);
        assertEquals(5, pool.inUse());
        assertEquals(5, pool.highWater());
        assertEquals(3, pool.partitionCapacity(0));
        assertEquals(2, pool.partitionCapacity(1));
    }

    @Test
    void shouldKeepTheGenerationAcrossRecyclingAndZeroTheFields()
    {
        final EcbPool pool = new EcbPool(1, 1);
        final int slot = pool.acquire(0);
        final EcbSlot view = pool.slot(slot);
        assertEquals(EcbState.DISPATCHED, view.state());
        final long generation = view.generation();
        view.connectionId(42).requestSequence(7).httpStatus(200);
        view.stateWordRelease(stateWord(generation + 1, EcbState.FINISHING));
        pool.release(slot);
        assertEquals(0, pool.inUse());

        assertEquals(slot, pool.acquire(0));
        assertEquals(generation + 1, view.generation());
        assertEquals(0, view.connectionId());
        assertEquals(0, view.requestSequence());
        assertEquals(0, view.httpStatus());
    }

    @Test
    void shouldRefuseToReleaseALiveSlot()
    {
        final EcbPool pool = new EcbPool(2, 1);
        final int slot = pool.acquire(0);
        final IllegalStateException failure = assertThrows(IllegalStateException.class, () -> pool.release(slot));
        assertTrue(failure.getMessage().contains("DISPATCHED"), failure.getMessage());
    }

    @Test
    void shouldRejectImpossibleSizes()
    {
        assertThrows(IllegalArgumentException.class, () -> new EcbPool(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EcbPool(4, 5));
    }

    @Test
    void shouldPackStateEndReasonAndGenerationIntoOneWord()
    {
        final long word = EcbSlotDescriptor.stateWord(123456789L, EcbState.ENDING, 4);
        assertEquals(123456789L, EcbSlotDescriptor.generation(word));
        assertEquals(EcbState.ENDING, EcbSlotDescriptor.state(word));
        assertEquals(4, EcbSlotDescriptor.endReason(word));
    }
}
