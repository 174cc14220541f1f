package dev.ecbd.pool;

import org.agrona.BitUtil;

/**
 * Layout of one ECB slot in the off-heap slab. Slots are {@link #SLOT_LENGTH} bytes, aligned to
 * cache lines, one after another.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------------------------------------+-+
 *  |                generation (56 bits)               |end |state|  0  state word
 *  +---------------------------------------------------------------+
 *  |                           worker id                           |  8
 *  +---------------------------------------------------------------+
 *  |                        (reserved: 0)                          | 12
 *  +---------------------------------------------------------------+
 *  |                         connection id                         | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       request sequence                        | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       in-flight async op                      | 32
 *  +---------------------------------------------------------------+
 *  |                          error code                           | 36
 *  +---------------------------------------------------------------+
 *  |                       bytes transferred                       | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          end status                           | 48
 *  +---------------------------------------------------------------+
 *  |                          http status                          | 52
 *  +---------------------------------------------------------------+
 *  |             accepted, dispatched, first byte, completed       | 56..87
 *  |                   (four nanosecond timestamps)                |
 *  +---------------------------------------------------------------+
 *  |                        padding to 128                         |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The timestamps are {@link System#nanoTime()} values: <em>accepted</em>, the read that brought
 * the request's bytes in; <em>dispatched</em>, the extension's first call (equal to accepted for a
 * request run inline); <em>first byte</em>, the response head composed; <em>completed</em>, the
 * session ended.
 *
 * <p>The state word is the slot's only contended field: it is read with acquire or volatile
 * semantics and changed only by compare-and-set, so a generation and a state always change
 * together. Writing a new generation into it ends the request: every handle stamped with the old
 * generation is stale from that store on. The other fields are written by the thread that owns the
 * slot at the time and published to the next owner by the hand-off between them (a queue offer,
 * which is a release, paired with a poll, which is an acquire).
 */
public final class EcbSlotDescriptor
{
    /** Bits of the state word below the generation: the state, then the end reason. */
    public static final int STATE_BITS = 8;

    /** Mask of the state code within the state word. */
    public static final long STATE_MASK = 0x0F;

    /** Shift of the end reason within the state word; meaningful from {@link EcbState#ENDING} on. */
    public static final int END_REASON_SHIFT = 4;

    public static final int STATE_WORD_OFFSET = 0;
    public static final int WORKER_ID_OFFSET = 8;
    public static final int CONNECTION_ID_OFFSET = 16;
    public static final int REQUEST_SEQUENCE_OFFSET = 24;
    public static final int ASYNC_OP_OFFSET = 32;
    public static final int ERROR_CODE_OFFSET = 36;
    public static final int BYTES_TRANSFERRED_OFFSET = 40;
    public static final int END_STATUS_OFFSET = 48;
    public static final int HTTP_STATUS_OFFSET = 52;
    public static final int ACCEPTED_NS_OFFSET = 56;
    public static final int DISPATCHED_NS_OFFSET = 64;
    public static final int FIRST_BYTE_NS_OFFSET = 72;
    public static final int COMPLETED_NS_OFFSET = 80;

    /** Length of one slot: two cache lines, so neighbouring slots never share a line. */
    public static final int SLOT_LENGTH = 2 * BitUtil.CACHE_LINE_LENGTH;

    /** Alignment of the slab, and so of every slot. */
    public static final int SLAB_ALIGNMENT = BitUtil.CACHE_LINE_LENGTH;

    private EcbSlotDescriptor()
    {
    }

    /**
     * @param slotIndex index of a slot in the slab.
     * @return offset of that slot's first byte in the slab.
     */
    public static int slotOffset(final int slotIndex)
    {
        return slotIndex * SLOT_LENGTH;
    }

    /**
     * @param generation a slot generation.
     * @param state one of {@link EcbState}'s codes.
     * @return the state word holding both, with no end reason.
     */
    public static long stateWord(final long generation, final int state)
    {
        return (generation << STATE_BITS) | state;
    }

    /**
     * @param generation a slot generation.
     * @param state one of {@link EcbState}'s codes.
     * @param endReason why the request ended, from 0 to 15; kept in the same word so that whoever
     *        wins the compare-and-set that ends a request also publishes why.
     * @return the state word holding all three.
     */
    public static long stateWord(final long generation, final int state, final int endReason)
    {
        return (generation << STATE_BITS) | ((long)endReason << END_REASON_SHIFT) | state;
    }

    /** @return the end reason held in {@code stateWord}. */
    public static int endReason(final long stateWord)
    {
        return (int)((stateWord >>> END_REASON_SHIFT) & 0x0F);
    }

    /** @return the generation held in {@code stateWord}. */
    public static long generation(final long stateWord)
    {
        return stateWord >>> STATE_BITS;
    }

    /** @return the state code held in {@code stateWord}. */
    public static int state(final long stateWord)
    {
        return (int)(stateWord & STATE_MASK);
    }
}
