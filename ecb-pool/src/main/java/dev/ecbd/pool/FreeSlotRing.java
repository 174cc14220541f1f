package dev.ecbd.pool;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static dev.ecbd.pool.FreeSlotRingDescriptor.*;

/**
 * Bounded multi-producer, multi-consumer ring of free slot indices, off-heap (layout in
 * {@link FreeSlotRingDescriptor}).
 *
 * <h2>Guarantees</h2>
 * <ol>
 * <li>Neither method allocates. {@link #poll()} never waits: it claims a position with one
 * compare-and-set or reports the ring empty.</li>
 * <li>{@link #offer(int)} fails only when the ring holds {@code capacity} indices. The ring has
 * at least twice as many cells, so the cell an offer lands on is normally free; if a consumer of
 * that cell's previous lap has claimed it but not yet handed it back, the offer waits for that
 * consumer's next store rather than fail, because a refused give-back would lose a slot.</li>
 * <li>An index offered once is polled at most once.</li>
 * <li>Everything a thread wrote before offering an index is visible to the thread that polls it
 * (release store of the cell sequence, acquire load by the consumer).</li>
 * </ol>
 * <p>A producer stopped between claiming a cell and publishing it makes consumers of that cell see
 * the ring as empty for that moment: {@link #poll()} then answers {@link #EMPTY} rather than wait,
 * which the server turns into shed load, never a stall.
 */
public final class FreeSlotRing
{
    /** What {@link #poll()} answers when no index is free. */
    public static final int EMPTY = -1;

    private final AtomicBuffer buffer;
    private final int capacity;
    private final int mask;

    /** @param capacity the most indices the ring holds. */
    public FreeSlotRing(final int capacity)
    {
        final int cells = BitUtil.findNextPositivePowerOfTwo(Math.max(2, 2 * capacity));
        this.capacity = capacity;
        this.buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(length(cells), BitUtil.CACHE_LINE_LENGTH));
        this.mask = cells - 1;
        for (int i = 0; i < cells; i++)
        {
            buffer.putLong(cellOffset(i) + CELL_SEQUENCE_OFFSET, i);
        }
        buffer.putLongVolatile(HEAD_OFFSET, 0);
        buffer.putLongVolatile(TAIL_OFFSET, 0);
    }

    /**
     * @param slotIndex a free slot index.
     * @return false only if the ring already holds {@code capacity} indices, which the pool never
     *         lets happen.
     */
    public boolean offer(final int slotIndex)
    {
        final AtomicBuffer buffer = this.buffer;
        long tail = buffer.getLongVolatile(TAIL_OFFSET);
        while (true)
        {
            final int cell = cellOffset((int)(tail & mask));
            final long sequence = buffer.getLongAcquire(cell + CELL_SEQUENCE_OFFSET);
            final long difference = sequence - tail;
            if (difference == 0)
            {
                if (tail - buffer.getLongVolatile(HEAD_OFFSET) >= capacity)
                {
                    return false;
                }
                if (buffer.compareAndSetLong(TAIL_OFFSET, tail, tail + 1))
                {
                    buffer.putInt(cell + CELL_SLOT_OFFSET, slotIndex);
                    // NOTE: the release store publishes the slot index above to the consumer.
                    buffer.putLongRelease(cell + CELL_SEQUENCE_OFFSET, tail + 1);
                    return true;
                }
                tail = buffer.getLongVolatile(TAIL_OFFSET);
            }
            else if (difference < 0)
            {
                // NOTE: a consumer a lap behind has claimed this cell and is about to hand it back.
                Thread.onSpinWait();
                tail = buffer.getLongVolatile(TAIL_OFFSET);
            }
            else
            {
                tail = buffer.getLongVolatile(TAIL_OFFSET);
            }
        }
    }

    /** @return a free slot index, or {@link #EMPTY}. */
    public int poll()
    {
        final AtomicBuffer buffer = this.buffer;
        long head = buffer.getLongVolatile(HEAD_OFFSET);
        while (true)
        {
            final int cell = cellOffset((int)(head & mask));
            final long sequence = buffer.getLongAcquire(cell + CELL_SEQUENCE_OFFSET);
            final long difference = sequence - (head + 1);
            if (difference == 0)
            {
                if (buffer.compareAndSetLong(HEAD_OFFSET, head, head + 1))
                {
                    final int slotIndex = buffer.getInt(cell + CELL_SLOT_OFFSET);
                    // NOTE: hands the cell back to the producer one lap ahead.
                    buffer.putLongRelease(cell + CELL_SEQUENCE_OFFSET, head + mask + 1);
                    return slotIndex;
                }
                head = buffer.getLongVolatile(HEAD_OFFSET);
            }
            else if (difference < 0)
            {
                return EMPTY;
            }
            else
            {
                head = buffer.getLongVolatile(HEAD_OFFSET);
            }
        }
    }

    /** @return how many indices the ring holds now; exact only when no thread is using it. */
    public int size()
    {
        final long head = buffer.getLongVolatile(HEAD_OFFSET);
        final long tail = buffer.getLongVolatile(TAIL_OFFSET);
        return (int)Math.max(0, Math.min(tail - head, capacity));
    }
}
