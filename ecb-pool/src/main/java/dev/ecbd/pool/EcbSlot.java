package dev.ecbd.pool;

import org.agrona.concurrent.AtomicBuffer;

import static dev.ecbd.pool.EcbSlotDescriptor.*;

/**
 * Flyweight over one slot of the slab (see {@link EcbSlotDescriptor}). Each server-side session
 * object holds one, wrapped once over its own slot for the life of the server.
 *
 * <p>Accessors come in pairs, {@code field()} and {@code field(value)}, with plain memory
 * semantics; the state word alone has acquire, release and compare-and-set accessors. Which thread
 * may write which field is stated in {@link EcbSlotDescriptor}.
 */
public final class EcbSlot
{
    private AtomicBuffer buffer;
    private int offset;
    private int index;

    /**
     * @param buffer the slab.
     * @param index the slot's index in it.
     * @return this.
     */
    public EcbSlot wrap(final AtomicBuffer buffer, final int index)
    {
        this.buffer = buffer;
        this.index = index;
        this.offset = slotOffset(index);
        return this;
    }

    /** @return the slot's index in the slab. */
    public int index()
    {
        return index;
    }

    /** @return the state word, with acquire semantics. */
    public long stateWordAcquire()
    {
        return buffer.getLongAcquire(offset + STATE_WORD_OFFSET);
    }

    /** Stores the state word with release semantics; only for the slot's sole owner. */
    public void stateWordRelease(final long stateWord)
    {
        buffer.putLongRelease(offset + STATE_WORD_OFFSET, stateWord);
    }

    /** @return whether the state word was {@code expected} and is now {@code update}. */
    public boolean casStateWord(final long expected, final long update)
    {
        return buffer.compareAndSetLong(offset + STATE_WORD_OFFSET, expected, update);
    }

    /** @return the slot's current generation, with acquire semantics. */
    public long generation()
    {
        return EcbSlotDescriptor.generation(stateWordAcquire());
    }

    /** @return the slot's current state code, with acquire semantics. */
    public int state()
    {
        return EcbSlotDescriptor.state(stateWordAcquire());
    }

    public int workerId()
    {
        return buffer.getInt(offset + WORKER_ID_OFFSET);
    }

    public EcbSlot workerId(final int workerId)
    {
        buffer.putInt(offset + WORKER_ID_OFFSET, workerId);
        return this;
    }

    public long connectionId()
    {
        return buffer.getLong(offset + CONNECTION_ID_OFFSET);
    }

    public EcbSlot connectionId(final long connectionId)
    {
        buffer.putLong(offset + CONNECTION_ID_OFFSET, connectionId);
        return this;
    }

    public long requestSequence()
    {
        return buffer.getLong(offset + REQUEST_SEQUENCE_OFFSET);
    }

    public EcbSlot requestSequence(final long requestSequence)
    {
        buffer.putLong(offset + REQUEST_SEQUENCE_OFFSET, requestSequence);
        return this;
    }

    public int asyncOp()
    {
        return buffer.getInt(offset + ASYNC_OP_OFFSET);
    }

    public EcbSlot asyncOp(final int asyncOp)
    {
        buffer.putInt(offset + ASYNC_OP_OFFSET, asyncOp);
        return this;
    }

    public int errorCode()
    {
        return buffer.getInt(offset + ERROR_CODE_OFFSET);
    }

    public EcbSlot errorCode(final int errorCode)
    {
        buffer.putInt(offset + ERROR_CODE_OFFSET, errorCode);
        return this;
    }

    public long bytesTransferred()
    {
        return buffer.getLong(offset + BYTES_TRANSFERRED_OFFSET);
    }

    public EcbSlot bytesTransferred(final long bytesTransferred)
    {
        buffer.putLong(offset + BYTES_TRANSFERRED_OFFSET, bytesTransferred);
        return this;
    }

    public int endStatus()
    {
        return buffer.getInt(offset + END_STATUS_OFFSET);
    }

    public EcbSlot endStatus(final int endStatus)
    {
        buffer.putInt(offset + END_STATUS_OFFSET, endStatus);
        return this;
    }

    public int httpStatus()
    {
        return buffer.getInt(offset + HTTP_STATUS_OFFSET);
    }

    public EcbSlot httpStatus(final int httpStatus)
    {
        buffer.putInt(offset + HTTP_STATUS_OFFSET, httpStatus);
        return this;
    }

    public long acceptedNs()
    {
        return buffer.getLong(offset + ACCEPTED_NS_OFFSET);
    }

    public EcbSlot acceptedNs(final long nanos)
    {
        buffer.putLong(offset + ACCEPTED_NS_OFFSET, nanos);
        return this;
    }

    public long dispatchedNs()
    {
        return buffer.getLong(offset + DISPATCHED_NS_OFFSET);
    }

    public EcbSlot dispatchedNs(final long nanos)
    {
        buffer.putLong(offset + DISPATCHED_NS_OFFSET, nanos);
        return this;
    }

    public long firstByteNs()
    {
        return buffer.getLong(offset + FIRST_BYTE_NS_OFFSET);
    }

    public EcbSlot firstByteNs(final long nanos)
    {
        buffer.putLong(offset + FIRST_BYTE_NS_OFFSET, nanos);
        return this;
    }

    public long completedNs()
    {
        return buffer.getLong(offset + COMPLETED_NS_OFFSET);
    }

    public EcbSlot completedNs(final long nanos)
    {
        buffer.putLong(offset + COMPLETED_NS_OFFSET, nanos);
        return this;
    }
}
