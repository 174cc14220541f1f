package dev.ecbd.transport;

import dev.ecbd.api.SharedFile;
import dev.ecbd.os.SocketSends;
import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * A region of a {@link SharedFile} that has a descriptor, with the bytes framed before it (the
 * response head), which the I/O thread sends itself when nothing else waits for the socket:
 * {@code send} of the head with {@code MSG_MORE}, then {@code sendfile} from the descriptor, two
 * system calls and no copy of the file's bytes, where the transport would cork, write, send the
 * file and uncork. What the socket does not take at once goes out through the channel as usual:
 * the head's rest as a buffer, the file's rest as the transport's own file message.
 *
 * <p>Holds one reference to the file and owns its head; both go with its release (or pass to the
 * messages {@link #takeHead} and {@link #takeRest} give). Built by the worker, then the I/O
 * thread's alone.
 */
final class DirectFileSend extends AbstractReferenceCounted
{
    private final boolean restMapped;
    /** The file, with this send's reference; null once {@link #takeRest} has passed the reference on. */
    private SharedFile file;
    private ByteBuf head;
    private long position;
    private long remaining;

    /**
     * @param file a file the caller has retained on this send's behalf, with a descriptor.
     * @param restMapped whether the file's rest goes through the channel as a buffer over its
     *        mapping (io_uring; the file must be mapped) rather than as a file region.
     */
    DirectFileSend(final SharedFile file, final long position, final long length, final boolean restMapped)
    {
        this.file = file;
        this.position = position;
        this.remaining = length;
        this.restMapped = restMapped;
    }

    /** Puts the bytes framed before the file in front of it; this send owns them from now on. */
    void prepend(final ByteBuf before)
    {
        head = before;
    }

    /** @return the file's bytes still to send. */
    long fileBytes()
    {
        return remaining;
    }

    /**
     * Sends as much as the socket takes now, without waiting for it.
     *
     * @param statusFlags the socket's file status flags ({@link SocketSends#statusFlags}).
     * @return the bytes sent; {@link #takeHead} and {@link #takeRest} give what is left.
     */
    long sendNow(final SocketSends sends, final int socket, final int statusFlags)
    {
        long sent = 0;
        if (head != null && head.isReadable())
        {
            if (!head.hasMemoryAddress())
            {
                return 0;
            }
            sent = sends.send(socket, head.memoryAddress() + head.readerIndex(), head.readableBytes(), true);
            head.skipBytes((int)sent);
            if (head.isReadable())
            {
                return sent;
            }
        }
        final long taken = sends.sendFile(socket, statusFlags, file.descriptor(), position, remaining);
        position += taken;
        remaining -= taken;
        return sent + taken;
    }

    /** @return the head's unsent rest, now the caller's, or null when none is left. */
    ByteBuf takeHead()
    {
        final ByteBuf rest = head;
        head = null;
        if (rest != null && !rest.isReadable())
        {
            rest.release();
            return null;
        }
        return rest;
    }

    /**
     * @return the file's unsent rest as the transport's file message, which takes over this send's
     *         reference to the file; null when none is left. Called once.
     */
    ReferenceCounted takeRest()
    {
        if (remaining == 0)
        {
            return null;
        }
        final SharedFile owned = file;
        file = null;
        return restMapped && remaining <= Integer.MAX_VALUE
            ? new SharedFileBuffer(owned, position, (int)remaining)
            : new SharedFileRegion(owned, position, remaining);
    }

    @Override
    protected void deallocate()
    {
        if (head != null)
        {
            head.release();
            head = null;
        }
        if (file != null)
        {
            file.release();
        }
    }

    @Override
    public ReferenceCounted touch(final Object hint)
    {
        return this;
    }
}
