package dev.ecbd.pool;

import org.agrona.BitUtil;

/**
 * Layout of the {@link FreeSlotRing}: a control region holding the two counters, each alone on its
 * own pair of cache lines, followed by the cells.
 *
 * <pre>
 *  control region                         cells, CELL_LENGTH bytes each
 *  +----------+-------------+----------+  +------------------+------------+---------+
 *  | padding  | head (long) | padding  |  | sequence (long)  | slot (int) | padding |  ...
 *  | ...      | tail (long) | ...      |  +------------------+------------+---------+
 *  +----------+-------------+----------+
 * </pre>
 *
 * <p>A cell's sequence says whose turn it is: equal to a producer's claimed position, the cell is
 * empty and that producer may fill it; equal to position + 1, it holds a value for the consumer of
 * that position. Storing the sequence with release semantics after the slot index publishes the
 * index (the algorithm is Dmitry Vyukov's bounded MPMC queue).
 */
public final class FreeSlotRingDescriptor
{
    public static final int HEAD_OFFSET = 2 * BitUtil.CACHE_LINE_LENGTH;
    public static final int TAIL_OFFSET = 4 * BitUtil.CACHE_LINE_LENGTH;
    public static final int CONTROL_LENGTH = 6 * BitUtil.CACHE_LINE_LENGTH;

    public static final int CELL_SEQUENCE_OFFSET = 0;
    public static final int CELL_SLOT_OFFSET = 8;
    public static final int CELL_LENGTH = 16;

    private FreeSlotRingDescriptor()
    {
    }

    /** @return the length of a ring of {@code cells} cells, control region included. */
    public static int length(final int cells)
    {
        return CONTROL_LENGTH + cells * CELL_LENGTH;
    }

    /** @return the offset of cell {@code cellIndex}. */
    public static int cellOffset(final int cellIndex)
    {
        return CONTROL_LENGTH + cellIndex * CELL_LENGTH;
    }
}
