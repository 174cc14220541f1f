package dev.ecbd.transport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One access-log record, as a flyweight over the ring's bytes: valid only during
 * {@link Reader#onRecord}. The texts are the request's bytes as sent, cut to fixed bounds
 * ({@link #MAX_TARGET} for the target, {@link #MAX_HEADER} for each header).
 *
 * <pre>
 *  0  long  end of the response, epoch milliseconds
 *  8  long  duration, nanoseconds from the request's arrival
 * 16  long  body bytes sent
 * 24  int   status
 * 28  int   worker, or -1 when no extension ran
 * 32  byte  HTTP version: 10, 11, or 0 when the request line could not be read
 * 33  byte  length of the client's address
 * 34  short lengths of the method, the target, Referer and User-Agent
 * 42  the texts, in that order
 * </pre>
 */
public final class AccessLogRecord
{
    /** Receives each record read. */
    @FunctionalInterface
    public interface Reader
    {
        void onRecord(AccessLogRecord record);
    }

    /** The texts of a record. */
    public enum Text
    {
        REMOTE_ADDRESS, METHOD, TARGET, REFERER, USER_AGENT
    }

    /** The most bytes a text of a record holds. */
    public static final int MAX_TEXT = 2048;

    static final int MAX_METHOD = 32;
    static final int MAX_TARGET = MAX_TEXT;
    static final int MAX_HEADER = 512;
    static final int TEXT_OFFSET = 42;

    private static final int END_MILLIS = 0;
    private static final int DURATION_NANOS = 8;
    private static final int BYTES = 16;
    private static final int STATUS = 24;
    private static final int WORKER = 28;
    private static final int VERSION = 32;
    private static final int REMOTE_LENGTH = 33;
    private static final int METHOD_LENGTH = 34;

    private static final Text[] TEXTS = Text.values();

    private DirectBuffer buffer;
    private int offset;
    /** Where each text starts, found once per record. */
    private final int[] starts = new int[TEXTS.length];

    /** Writes a record's fixed fields; @return where its texts start. */
    static int putFixed(final MutableDirectBuffer buffer, final int offset, final long endMillis, final long durationNanos, final long bytes,
        final int status, final int worker, final int version, final int remoteLength, final int methodLength, final int targetLength,
        final int refererLength, final int userAgentLength)
    {
        buffer.putLong(offset + END_MILLIS, endMillis);
        buffer.putLong(offset + DURATION_NANOS, durationNanos);
        buffer.putLong(offset + BYTES, bytes);
        buffer.putInt(offset + STATUS, status);
        buffer.putInt(offset + WORKER, worker);
        buffer.putByte(offset + VERSION, (byte)version);
        buffer.putByte(offset + REMOTE_LENGTH, (byte)remoteLength);
        buffer.putShort(offset + METHOD_LENGTH, (short)methodLength);
        buffer.putShort(offset + METHOD_LENGTH + 2, (short)targetLength);
        buffer.putShort(offset + METHOD_LENGTH + 4, (short)refererLength);
        buffer.putShort(offset + METHOD_LENGTH + 6, (short)userAgentLength);
        return offset + TEXT_OFFSET;
    }

    AccessLogRecord wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        int at = offset + TEXT_OFFSET;
        for (final Text text : TEXTS)
        {
            starts[text.ordinal()] = at;
            at += length(text);
        }
        return this;
    }

    /** @return when the response ended, in epoch milliseconds. */
    public long endMillis()
    {
        return buffer.getLong(offset + END_MILLIS);
    }

    /** @return how long the request took, from its arrival to its response's end, in nanoseconds. */
    public long durationNanos()
    {
        return buffer.getLong(offset + DURATION_NANOS);
    }

    /** @return the body bytes the response carried. */
    public long bytes()
    {
        return buffer.getLong(offset + BYTES);
    }

    public int status()
    {
        return buffer.getInt(offset + STATUS);
    }

    /** @return the worker that ran the extension, or -1 when the server answered by itself. */
    public int worker()
    {
        return buffer.getInt(offset + WORKER);
    }

    /** @return {@code HTTP/1.1}, {@code HTTP/1.0}, or null when the request line could not be read. */
    public String protocol()
    {
        return switch (buffer.getByte(offset + VERSION))
        {
            case RequestHead.HTTP_1_1 -> "HTTP/1.1";
            case RequestHead.HTTP_1_0 -> "HTTP/1.0";
            default -> null;
        };
    }

    /** @return how many bytes {@code text} has. */
    public int length(final Text text)
    {
        return text == Text.REMOTE_ADDRESS ? buffer.getByte(offset + REMOTE_LENGTH) : buffer.getShort(offset + METHOD_LENGTH + 2 * (text.ordinal() - 1));
    }

    /**
     * Copies {@code text} into {@code dst}, which must hold {@link #MAX_TEXT} bytes.
     *
     * @return how many bytes were copied.
     */
    public int copy(final Text text, final byte[] dst)
    {
        final int length = length(text);
        buffer.getBytes(start(text), dst, 0, length);
        return length;
    }

    private int start(final Text text)
    {
        return starts[text.ordinal()];
    }
}
