package dev.ecbd.transport;

import dev.ecbd.api.SharedFile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.WrappedByteBuf;

import java.lang.foreign.MemorySegment;

/**
 * A region of a {@link SharedFile}'s mapping as a buffer (a read-only direct one over the mapped
 * memory): the transport writes it from the mapping's address, with no copy in the JVM. Holds one reference to the file, dropped by the
 * buffer's last release (so the mapping outlives every write of it). Whoever holds it, as any
 * buffer; released once.
 */
final class SharedFileBuffer extends WrappedByteBuf
{
    private final SharedFile file;

    /** @param file a file the caller has retained on this buffer's behalf, with a mapping. */
    SharedFileBuffer(final SharedFile file, final long position, final int length)
    {
        super(wrap(file.mapped(), position, length));
        this.file = file;
    }

    private static ByteBuf wrap(final MemorySegment mapped, final long position, final int length)
    {
        return Unpooled.wrappedBuffer(mapped.asSlice(position, length).asByteBuffer());
    }

    @Override
    public boolean release()
    {
        return released(super.release());
    }

    @Override
    public boolean release(final int decrement)
    {
        return released(super.release(decrement));
    }

    private boolean released(final boolean last)
    {
        if (last)
        {
            file.release();
        }
        return last;
    }
}
