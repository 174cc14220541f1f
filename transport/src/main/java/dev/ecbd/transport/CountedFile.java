package dev.ecbd.transport;

import dev.ecbd.api.HolderCount;
import dev.ecbd.api.SharedFile;
import dev.ecbd.os.DescribedFile;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A {@link SharedFile} held open as a descriptor and a channel ({@link DescribedFile}), or held
 * elsewhere as its bytes (no file then): whoever holds it holds a reference, and the last release
 * closes it, after {@link #closing()}. The transport opens one for each transmission of a file
 * named by path, so that a {@link DirectFileSend} can pass it on to the message that carries its
 * rest; the open-file cache's files are ones too. Any thread.
 */
public class CountedFile implements SharedFile
{
    private final Path path;
    private final DescribedFile file;
    private final long size;
    private final HolderCount references = new HolderCount();

    /**
     * @param file the file opened, now this one's; null for one held as its bytes.
     * @param size the file's size, read from the file opened.
     */
    public CountedFile(final Path path, final DescribedFile file, final long size)
    {
        this.path = path;
        this.file = file;
        this.size = size;
    }

    /** @throws IllegalStateException for a file held as its bytes, which has no channel open. */
    @Override
    public final FileChannel channel()
    {
        if (file == null)
        {
            throw new IllegalStateException(path + " is held as its bytes; it has no channel open");
        }
        return file.channel();
    }

    @Override
    public final int descriptor()
    {
        return file == null ? -1 : file.descriptor();
    }

    @Override
    public final Path path()
    {
        return path;
    }

    @Override
    public final long size()
    {
        return size;
    }

    @Override
    public final boolean retain()
    {
        return references.tryAcquire();
    }

    @Override
    public final void release()
    {
        if (references.release() && file != null)
        {
            closing();
            file.close();
        }
    }

    /** Called once, by the last release of a file held open, before the file closes: what else it held goes first. */
    protected void closing()
    {
    }
}
