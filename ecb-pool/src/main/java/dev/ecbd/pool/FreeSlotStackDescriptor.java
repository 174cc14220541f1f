package dev.ecbd.pool;

import org.agrona.BitUtil;

/**
 * Layout of the {@link FreeSlotStack}: a control region holding the top word alone on its own pair
 * of cache lines, followed by one {@code next} link per entry.
 *
 * <pre>
 *  control region                          links, LINK_LENGTH bytes each
 *  +----------+------------------+------+  +-----------+-----------+-----
 *  | padding  | top (long)       | pad  |  | next of 0 | next of 1 | ...
 *  +----------+------------------+------+  +-----------+-----------+-----
 *
 *  top:  |          version (32 bits)           |      entry on top (32 bits)       |
 * </pre>
 *
 * <p>The entry on top is {@link FreeSlotStack#EMPTY} when the stack is empty. The version grows by
 * one with every push and pop, so a compare-and-set of the top word fails whenever anything moved
 * since it was read, even if the same entry is back on top (the ABA problem of a Treiber stack).
 */
public final class FreeSlotStackDescriptor
{
    public static final int TOP_OFFSET = 2 * BitUtil.CACHE_LINE_LENGTH;
    public static final int CONTROL_LENGTH = 4 * BitUtil.CACHE_LINE_LENGTH;
    public static final int LINK_LENGTH = 4;

    private static final long ENTRY_MASK = 0xFFFF_FFFFL;

    private FreeSlotStackDescriptor()
    {
    }

    /** @return the length of a stack of {@code entries} entries, control region included. */
    public static int length(final int entries)
    {
        return CONTROL_LENGTH + entries * LINK_LENGTH;
    }

    /** @return the offset of entry {@code entry}'s link. */
    public static int linkOffset(final int entry)
    {
        return CONTROL_LENGTH + entry * LINK_LENGTH;
    }

    /** @return the top word after {@code top} with {@code entry} on top. */
    public static long nextTop(final long top, final int entry)
    {
        return ((top >>> 32) + 1) << 32 | (entry & ENTRY_MASK);
    }

    /** @return the entry on top in {@code top}, or {@link FreeSlotStack#EMPTY}. */
    public static int entry(final long top)
    {
        return (int)top;
    }
}
