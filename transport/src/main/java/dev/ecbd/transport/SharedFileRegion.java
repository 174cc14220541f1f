package dev.ecbd.transport;

import dev.ecbd.api.SharedFile;
import io.netty.channel.DefaultFileRegion;

/**
 * A region of a {@link SharedFile}: a {@link DefaultFileRegion} (so that epoll and io_uring send it
 * zero-copy) over the shared channel, holding one reference to it; its release drops that
 * reference instead of closing the channel.
 */
final class SharedFileRegion extends DefaultFileRegion
{
    private final SharedFile file;

    /** @param file a file the caller has retained on this region's behalf. */
    SharedFileRegion(final SharedFile file, final long position, final long count)
    {
        super(file.channel(), position, count);
        this.file = file;
    }

    @Override
    protected void deallocate()
    {
        file.release();
    }
}
