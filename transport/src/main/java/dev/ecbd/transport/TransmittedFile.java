package dev.ecbd.transport;

import dev.ecbd.api.HolderCount;
import dev.ecbd.api.SharedFile;
import dev.ecbd.os.DescribedFile;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file an extension named by path, opened for one transmission as a descriptor and a channel
 * ({@link DescribedFile}), and counted as a {@link SharedFile} so that a {@link DirectFileSend} can
 * pass it on to the message that carries its rest; the last release closes it. Any thread.
 */
final class TransmittedFile implements SharedFile
{
    private final Path path;
    private final DescribedFile file;
    private final long size;
    private final HolderCount references = new HolderCount();

    /** @param file the file opened, now this one's, with a descriptor; {@code size} read from it. */
    TransmittedFile(final Path path, final DescribedFile file, final long size)
    {
        this.path = path;
        this.file = file;
        this.size = size;
    }

    @Override
    public FileChannel channel()
    {
        return file.channel();
    }

    @Override
    public int descriptor()
    {
        return file.descriptor();
    }

    @Override
    public Path path()
    {
        return path;
    }

    @Override
    public long size()
    {
        return size;
    }

    @Override
    public boolean retain()
    {
        return references.tryAcquire();
    }

    @Override
    public void release()
    {
        if (references.release())
        {
            file.close();
        }
    }
}
