package dev.ecbd.os;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file open twice over: as a Linux descriptor, for {@code sendfile}, and as a channel on that
 * very file (reached through the descriptor's {@code /proc/self/fd} link, so both are one file
 * even if the path is replaced in between), for Java's reads, mapping and size. Where no
 * descriptor can be had (no C library at hand, no {@code /proc}) the descriptor is -1 and the
 * channel is opened by path alone.
 *
 * @param descriptor the file's descriptor, or -1.
 * @param channel the file's channel, read-only.
 * @param opened the path that reaches the file opened: its attributes are the file's.
 */
public record DescribedFile(int descriptor, FileChannel channel, Path opened)
{
    /**
     * Opens {@code path} read-only, following symbolic links as {@code FileChannel.open} does.
     *
     * @param describe whether to open a descriptor too; without, only the channel is opened.
     * @throws IOException as {@code FileChannel.open(path)} would: the file cannot be opened.
     */
    public static DescribedFile open(final Path path, final boolean describe) throws IOException
    {
        final int descriptor = describe ? FileDescriptors.openReadOnly(path) : -1;
        if (descriptor >= 0)
        {
            final Path opened = FileDescriptors.reopenPath(descriptor);
            try
            {
                return new DescribedFile(descriptor, FileChannel.open(opened, StandardOpenOption.READ), opened);
            }
            catch (final IOException ex)
            {
                FileDescriptors.close(descriptor);
            }
        }
        return new DescribedFile(-1, FileChannel.open(path, StandardOpenOption.READ), path);
    }

    /** Closes the channel and the descriptor; once, by the file's owner. */
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // NOTE: a read-only channel that fails to close has nothing to lose.
        }
        if (descriptor >= 0)
        {
            FileDescriptors.close(descriptor);
        }
    }
}
