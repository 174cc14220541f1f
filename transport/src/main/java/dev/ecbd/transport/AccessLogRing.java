package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The access log's hand-off: every response leaves one record here, written by the thread that
 * ends it (a worker, or an I/O thread) into a bounded off-heap ring, and one log-writer thread
 * reads the records out and formats them. Writing a record allocates nothing, takes no lock and
 * never waits: when the ring is full the record is dropped and counted.
 *
 * <p>A record holds fixed fields and, truncated to fixed bounds, the client's address, the method,
 * the target, {@code Referer} and {@code User-Agent}; see {@link AccessLogRecord}.
 */
public final class AccessLogRing
{
    private static final int MESSAGE_TYPE = 1;

    private final RingBuffer ring;
    private final AtomicLong dropped = new AtomicLong();
    private final AccessLogRecord record = new AccessLogRecord();
    /** The reader of the {@link #read} in progress; the log writer's thread only. */
    private AccessLogRecord.Reader reader;
    private final MessageHandler handler = (type, buffer, index, length) -> reader.onRecord(record.wrap(buffer, index, length));

    /** @param capacity the ring's size in bytes: a power of two, at least 64 KiB. */
    public AccessLogRing(final int capacity)
    {
        if (Integer.bitCount(capacity) != 1 || capacity < 64 * 1024)
        {
            throw new IllegalArgumentException("the access log's buffer must be a power of two of at least 64K bytes: " + capacity);
        }
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Records a response to a parsed request. Any thread; allocates nothing. */
    void request(final RequestHead head, final Peer peer, final int status, final long bytes, final int worker, final long acceptedNs)
    {
        final ByteBuf source = head.bytes();
        final int referer = head.headerIndex("Referer");
        final int userAgent = head.headerIndex("User-Agent");
        final int methodLength = Math.min(head.methodLength, AccessLogRecord.MAX_METHOD);
        final int targetLength = Math.min(head.targetLength, AccessLogRecord.MAX_TARGET);
        final int refererLength = referer < 0 ? 0 : Math.min(head.valueLength(referer), AccessLogRecord.MAX_HEADER);
        final int userAgentLength = userAgent < 0 ? 0 : Math.min(head.valueLength(userAgent), AccessLogRecord.MAX_HEADER);
        final byte[] remote = peer.remoteText();
        final int claimed = claim(AccessLogRecord.TEXT_OFFSET + remote.length + methodLength + targetLength + refererLength + userAgentLength);
        if (claimed < 0)
        {
            return;
        }
        final UnsafeBuffer buffer = (UnsafeBuffer)ring.buffer();
        int at = AccessLogRecord.putFixed(buffer, claimed, System.currentTimeMillis(), System.nanoTime() - acceptedNs, bytes, status, worker,
            head.version, remote.length, methodLength, targetLength, refererLength, userAgentLength);
        buffer.putBytes(at, remote);
        at += remote.length;
        at = copy(source, head.methodStart, methodLength, buffer, at);
        at = copy(source, head.targetStart, targetLength, buffer, at);
        at = referer < 0 ? at : copy(source, head.valueStart(referer), refererLength, buffer, at);
        if (userAgent >= 0)
        {
            copy(source, head.valueStart(userAgent), userAgentLength, buffer, at);
        }
        ring.commit(claimed);
    }

    /** Records a response the server gave a request it could not parse: no method or target. Any thread. */
    void refused(final Peer peer, final int status, final long acceptedNs)
    {
        final byte[] remote = peer.remoteText();
        final int claimed = claim(AccessLogRecord.TEXT_OFFSET + remote.length);
        if (claimed < 0)
        {
            return;
        }
        final UnsafeBuffer buffer = (UnsafeBuffer)ring.buffer();
        final int at = AccessLogRecord.putFixed(buffer, claimed, System.currentTimeMillis(), System.nanoTime() - acceptedNs, 0, status, -1, 0,
            remote.length, 0, 0, 0, 0);
        buffer.putBytes(at, remote);
        ring.commit(claimed);
    }

    private int claim(final int length)
    {
        final int claimed = ring.tryClaim(MESSAGE_TYPE, length);
        if (claimed <= 0)
        {
            dropped.incrementAndGet();
            return -1;
        }
        return claimed;
    }

    /** Copies request bytes into the record: one memory copy from a direct buffer, else byte by byte. */
    private static int copy(final ByteBuf source, final int from, final int length, final UnsafeBuffer buffer, final int at)
    {
        if (source.hasMemoryAddress())
        {
            java.util.Objects.checkFromIndexSize(from, length, source.capacity());
            buffer.boundsCheck(at, length);
            UnsafeApi.copyMemory(null, source.memoryAddress() + from, buffer.byteArray(), buffer.addressOffset() + at, length);
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                buffer.putByte(at + i, source.getByte(from + i));
            }
        }
        return at + length;
    }

    /**
     * Reads up to {@code limit} records, in the order they were committed. The log writer's thread only.
     *
     * @return how many were read.
     */
    public int read(final AccessLogRecord.Reader reader, final int limit)
    {
        this.reader = reader;
        return ring.read(handler, limit);
    }

    /** @return how many records were dropped because the ring was full. */
    public long dropped()
    {
        return dropped.get();
    }

    /** @return the ring's capacity in bytes. */
    public int capacity()
    {
        return ring.capacity();
    }
}
