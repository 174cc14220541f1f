package dev.ecbd.server.builtin;

import dev.ecbd.api.HttpFields;
import dev.ecbd.api.SharedFile;
import dev.ecbd.server.HolderCount;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A file held open for the static-file extension, with what its responses say of it, worked out
 * once when it was opened: its validators and the header lines of a whole-file 200.
 *
 * <p>Counted ({@link SharedFile}): whoever holds the file (the {@link OpenFileCache}, a request
 * serving it, a transmission sending it) holds a reference, and the last release closes the
 * channel. Any thread.
 */
public final class CachedFile implements SharedFile
{
    private final String key;
    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final Object identity;
    private final long modifiedNanos;
    private final long modifiedSeconds;
    private final String etag;
    private final String lastModified;
    private final String validators;
    private final String wholeFileHead;
    private final HolderCount references = new HolderCount();

    /** When the file was last found to be the one on disk ({@link System#nanoTime()}). */
    volatile long checkedNs;

    /** Set by each use, cleared by the clock hand ({@link OpenFileCache}); racy by design. */
    boolean used;

    private CachedFile(final String key, final Path path, final FileChannel channel, final BasicFileAttributes attributes, final long size,
        final long checkedNs)
    {
        this.key = key;
        this.path = path;
        this.channel = channel;
        this.size = size;
        this.identity = attributes.fileKey();
        this.modifiedNanos = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        this.modifiedSeconds = attributes.lastModifiedTime().to(TimeUnit.SECONDS);
        this.etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modifiedNanos) + "\"";
        this.lastModified = HttpFields.formatDate(modifiedSeconds);
        this.validators = "ETag: " + etag + "\r\nLast-Modified: " + lastModified + "\r\n";
        this.wholeFileHead = "Content-Type: " + MimeTypes.forFileName(path.getFileName().toString()) + "\r\n"
            + "Content-Length: " + size + "\r\n"
            + "Accept-Ranges: bytes\r\n"
            + validators;
        this.checkedNs = checkedNs;
    }

    /**
     * Opens {@code path} and reads its metadata, after the open, so that what the responses say
     * matches the file that is sent.
     *
     * @param key the request path the file serves.
     * @return the file, with one reference, the caller's.
     */
    static CachedFile open(final String key, final Path path, final long nowNs) throws IOException
    {
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try
        {
            return new CachedFile(key, path, channel, Files.readAttributes(path, BasicFileAttributes.class), channel.size(), nowNs);
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /** @return whether {@code attributes}, read from the path now, describe the file held: same inode, size and modification time. */
    boolean sameFileAs(final BasicFileAttributes attributes)
    {
        return Objects.equals(identity, attributes.fileKey()) && size == attributes.size()
            && modifiedNanos == attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    /** @return the request path this file serves. */
    String key()
    {
        return key;
    }

    /** @return the strong entity tag, from the size and the modification time. */
    String etag()
    {
        return etag;
    }

    /** @return the {@code Last-Modified} date. */
    String lastModified()
    {
        return lastModified;
    }

    /** @return the modification time in seconds since the epoch, as {@code If-Modified-Since} compares it. */
    long modifiedSeconds()
    {
        return modifiedSeconds;
    }

    /** @return the {@code ETag} and {@code Last-Modified} header lines. */
    String validators()
    {
        return validators;
    }

    /** @return the header lines of a 200 with the whole file as its body. */
    String wholeFileHead()
    {
        return wholeFileHead;
    }

    @Override
    public FileChannel channel()
    {
        return channel;
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
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // NOTE: a read-only channel that fails to close has nothing to lose.
            }
        }
    }
}
