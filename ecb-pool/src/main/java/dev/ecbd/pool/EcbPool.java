package dev.ecbd.pool;

import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.atomic.AtomicInteger;

import static dev.ecbd.pool.EcbSlotDescriptor.*;

/**
 * The slab of ECB slots, split into partitions with a free stack each.
 *
 * <p>Slot {@code i} belongs to partition {@code i % partitions} for the life of the pool. The
 * dispatcher gives each worker its own partition, so an ECB slot is served by one worker for the
 * life of the server, and anything still queued for a slot after its request ended reaches the
 * worker that serves its next request. Within a partition the slot released last is acquired
 * first, so a lightly loaded server keeps reusing the few slots that are warm in the caches
 * ({@link FreeSlotStack}).
 *
 * <h2>Assumptions</h2>
 * <ol>
 * <li>Only the thread that polled a slot from the pool, or a thread the slot was handed to through
 * a release/acquire pair, writes the slot's plain fields.</li>
 * <li>A slot is released once per acquisition, by its last owner, after its state word says
 * {@link EcbState#FINISHING}.</li>
 * </ol>
 * <h2>Guarantees</h2>
 * <ol>
 * <li>{@link #acquire} never blocks and never allocates: it answers {@link #NO_SLOT}
 * when every slot is in use, and the caller sheds the request.</li>
 * <li>An acquired slot is {@link EcbState#DISPATCHED} in the generation it was released with; its
 * other fields are zero.</li>
 * <li>Generations only grow, so a stale handle never matches a slot again.</li>
 * </ol>
 */
public final class EcbPool
{
    /** What {@link #acquire} answers when every slot of the partition is in use. */
    public static final int NO_SLOT = FreeSlotStack.EMPTY;

    private final int capacity;
    private final AtomicBuffer slab;
    private final FreeSlotStack[] freeSlots;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger highWater = new AtomicInteger();

    /**
     * @param capacity how many ECB slots the pool holds.
     * @param partitions how many partitions to split them into, from 1 to {@code capacity}.
     */
    public EcbPool(final int capacity, final int partitions)
    {
        if (capacity < 1 || capacity > (Integer.MAX_VALUE / SLOT_LENGTH))
        {
            throw new IllegalArgumentException("ECB pool capacity must be from 1 to " + (Integer.MAX_VALUE / SLOT_LENGTH) + ": " + capacity);
        }
        if (partitions < 1 || partitions > capacity)
        {
            throw new IllegalArgumentException("ECB pool partitions must be from 1 to the capacity " + capacity + ": " + partitions);
        }
        this.capacity = capacity;
        this.slab = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity * SLOT_LENGTH, SLAB_ALIGNMENT));
        this.freeSlots = new FreeSlotStack[partitions];
        for (int p = 0; p < partitions; p++)
        {
            freeSlots[p] = new FreeSlotStack(partitionCapacity(p));
        }
        for (int i = capacity - 1; i >= 0; i--)
        {
            slab.putLongVolatile(slotOffset(i) + STATE_WORD_OFFSET, stateWord(1, EcbState.FREE));
            freeSlots[partitionOf(i)].push(entryOf(i));
        }
    }

    /** @return how many partitions the slots are split into. */
    public int partitions()
    {
        return freeSlots.length;
    }

    /** @return the partition slot {@code index} belongs to. */
    public int partitionOf(final int index)
    {
        return index % freeSlots.length;
    }

    /** @return how many slots partition {@code partition} holds. */
    public int partitionCapacity(final int partition)
    {
        final int partitions = freeSlots.length;
        return capacity / partitions + (partition < capacity % partitions ? 1 : 0);
    }

    /** @return a new flyweight over slot {@code index}. */
    public EcbSlot slot(final int index)
    {
        if (index < 0 || index >= capacity)
        {
            throw new IndexOutOfBoundsException("slot " + index + " of " + capacity);
        }
        return new EcbSlot().wrap(slab, index);
    }

    /**
     * Takes a free slot of one partition and moves it to {@link EcbState#DISPATCHED}.
     *
     * @return the slot's index, or {@link #NO_SLOT} when none of that partition is free.
     */
    public int acquire(final int partition)
    {
        final int entry = freeSlots[partition].pop();
        if (entry == FreeSlotStack.EMPTY)
        {
            return NO_SLOT;
        }
        final int index = entry * freeSlots.length + partition;
        final int offset = slotOffset(index);
        final long word = slab.getLongAcquire(offset + STATE_WORD_OFFSET);
        slab.setMemory(offset + WORKER_ID_OFFSET, SLOT_LENGTH - WORKER_ID_OFFSET, (byte)0);
        slab.putLongRelease(offset + STATE_WORD_OFFSET, stateWord(generation(word), EcbState.DISPATCHED));
        final int nowInUse = inUse.incrementAndGet();
        int seen = highWater.get();
        while (nowInUse > seen && !highWater.compareAndSet(seen, nowInUse))
        {
            seen = highWater.get();
        }
        return index;
    }

    /**
     * Returns a slot whose request has finished.
     *
     * @throws IllegalStateException if the slot is not {@link EcbState#FINISHING}, which would be a
     *         double release or a release of a live request.
     */
    public void release(final int index)
    {
        final int offset = slotOffset(index);
        final long word = slab.getLongAcquire(offset + STATE_WORD_OFFSET);
        if (state(word) != EcbState.FINISHING)
        {
            throw new IllegalStateException("ECB slot " + index + " released in state " + EcbState.name(state(word)));
        }
        slab.putLongRelease(offset + STATE_WORD_OFFSET, stateWord(generation(word), EcbState.FREE));
        inUse.decrementAndGet();
        freeSlots[partitionOf(index)].push(entryOf(index));
    }

    /** @return slot {@code index}'s entry in its partition's free stack. */
    private int entryOf(final int index)
    {
        return index / freeSlots.length;
    }

    /** @return how many slots the pool has. */
    public int capacity()
    {
        return capacity;
    }

    /** @return how many slots are acquired and not yet released. */
    public int inUse()
    {
        return inUse.get();
    }

    /** @return the most slots ever in use at once. */
    public int highWater()
    {
        return highWater.get();
    }
}
