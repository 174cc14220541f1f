package dev.ecbd.handlers;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A handler's response body until it is flushed, in direct (off-heap) memory. Standard-size
 * buffers are pooled across requests; a response that outgrows one moves to a larger buffer that
 * is freed, not pooled, when the request ends. Confined to the request's worker thread.
 */
final class ResponseBuffer
{
    private static final int STANDARD = 16 * 1024;
    private static final int POOL_LIMIT = 1024;
    private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();

    private ByteBuffer buffer;

    /** @return the bytes written since the last {@link #clear()}, ready to read; valid until the next write. */
    ByteBuffer readable()
    {
        if (buffer == null)
        {
            return ByteBuffer.allocate(0);
        }
        return buffer.duplicate().flip();
    }

    boolean isEmpty()
    {
        return buffer == null || buffer.position() == 0;
    }

    void clear()
    {
        if (buffer != null)
        {
            buffer.clear();
        }
    }

    void write(final byte[] bytes, final int offset, final int length)
    {
        room(length).put(bytes, offset, length);
    }

    void writeByte(final int b)
    {
        room(1).put((byte)b);
    }

    /** Writes {@code text} as UTF-8. */
    void writeUtf8(final CharSequence text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                writeByte(c);
            }
            else
            {
                final int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                final byte[] encoded = text.subSequence(i, end).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                write(encoded, 0, encoded.length);
                i = end - 1;
            }
        }
    }

    /** Writes {@code text} as UTF-8 with {@code & < > " '} escaped for HTML. */
    void writeHtmlEscaped(final CharSequence text)
    {
        int plainFrom = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final String entity = switch (text.charAt(i))
            {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (entity != null)
            {
                writeUtf8(text.subSequence(plainFrom, i));
                writeUtf8(entity);
                plainFrom = i + 1;
            }
        }
        writeUtf8(plainFrom == 0 ? text : text.subSequence(plainFrom, text.length()));
    }

    /** Gives the buffer back; the request has ended. */
    void release()
    {
        if (buffer != null && buffer.capacity() == STANDARD && POOL.size() < POOL_LIMIT)
        {
            buffer.clear();
            POOL.offer(buffer);
        }
        buffer = null;
    }

    private ByteBuffer room(final int length)
    {
        if (buffer == null)
        {
            final ByteBuffer pooled = length <= STANDARD ? POOL.poll() : null;
            buffer = pooled != null ? pooled : ByteBuffer.allocateDirect(Math.max(STANDARD, length));
        }
        else if (buffer.remaining() < length)
        {
            final ByteBuffer larger = ByteBuffer.allocateDirect(Math.max(buffer.capacity() * 2, buffer.position() + length));
            larger.put(buffer.flip());
            release();
            buffer = larger;
        }
        return buffer;
    }
}
