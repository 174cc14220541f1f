package dev.ecbd.server.builtin;

import dev.ecbd.api.HttpFields;
import dev.ecbd.os.DescribedFile;
import dev.ecbd.transport.CountedFile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A file held for the static-file extension, with what its responses say of it, worked out once
 * when it was opened: its validators and the header lines of a whole-file 200. A file of up to
 * {@link #IN_MEMORY_LIMIT} bytes is held as its bytes, read once, and its descriptor closed (a
 * write of a few kilobytes with the head costs less than {@code sendfile} and the cork around it);
 * a larger one is held open, as a descriptor for {@code sendfile} ({@link #descriptor()}) and a
 * channel, and mapped, for the transports that send memory cheaper than they splice
 * ({@link #mapped()}).
 *
 * <p>Counted ({@link CountedFile}): whoever holds the file (the {@link OpenFileCache}, a request
 * serving it, a transmission sending it) holds a reference, and the last release closes the
 * channel. Any thread.
 */
public final class CachedFile extends CountedFile
{
    /** The largest file held as its bytes; with 1,024 files held, 16 MiB of heap at most. */
    public static final int IN_MEMORY_LIMIT = 16 * 1024;

    private final String key;
    /** The mapping of a file held open, or null when it is held as its bytes. */
    private final Arena mapping;
    private final MemorySegment mapped;
    private final byte[] content;
    private final Object identity;
    private final long modifiedNanos;
    private final long modifiedSeconds;
    private final String etag;
    private final String lastModified;
    private final String validators;
    private final String wholeFileHead;

    /** When the file was last found to be the one on disk ({@link System#nanoTime()}). */
    volatile long checkedNs;

    /** Set by each use, cleared by the clock hand ({@link OpenFileCache}); racy by design. */
    boolean used;

    private CachedFile(final String key, final Path path, final DescribedFile file, final Arena mapping, final MemorySegment mapped,
        final byte[] content, final BasicFileAttributes attributes, final long size, final long checkedNs)
    {
        super(path, file, size);
        this.key = key;
        this.mapping = mapping;
        this.mapped = mapped;
        this.content = content;
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
     * Opens {@code path} (a descriptor and a channel on that very file, {@link DescribedFile}) and
     * reads its metadata from the file opened, so that what the responses say matches the file
     * that is sent even if the path is replaced meanwhile; reads a small file's bytes and closes it.
     *
     * @param key the request path the file serves.
     * @param sizeSeen the file's size as the path showed it just before: a file that small is to be
     *        read into memory, so it is opened without a descriptor (if it has grown meanwhile, it is
     *        held open without one, and sent as a mapping or a region).
     * @return the file, with one reference, the caller's.
     */
    static CachedFile open(final String key, final Path path, final long sizeSeen, final long nowNs) throws IOException
    {
        final DescribedFile file = DescribedFile.open(path, sizeSeen > IN_MEMORY_LIMIT);
        try
        {
            final BasicFileAttributes attributes = Files.readAttributes(file.opened(), BasicFileAttributes.class);
            final FileChannel channel = file.channel();
            final long size = channel.size();
            if (size > IN_MEMORY_LIMIT)
            {
                final Arena mapping = Arena.ofShared();
                try
                {
                    return new CachedFile(key, path, file, mapping, channel.map(FileChannel.MapMode.READ_ONLY, 0, size, mapping), null, attributes,
                        size, nowNs);
                }
                catch (final IOException | RuntimeException ex)
                {
                    mapping.close();
                    throw ex;
                }
            }
            final byte[] content = readAll(channel, (int)size);
            file.close();
            return new CachedFile(key, path, null, null, null, content, attributes, content.length, nowNs);
        }
        catch (final IOException | RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    /** @return up to {@code size} bytes from the start of {@code channel}: fewer if it has shrunk meanwhile. */
    private static byte[] readAll(final FileChannel channel, final int size) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(size);
        while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) >= 0)
        {
            // NOTE: each read continues where the last one stopped.
        }
        return bytes.hasRemaining() ? Arrays.copyOf(bytes.array(), bytes.position()) : bytes.array();
    }

    /** @return the file's bytes when it is held in memory, else null (it is held open: send it with transmit-file). */
    byte[] content()
    {
        return content;
    }

    /** @return whether {@code attributes}, read from the path now, describe the file held: same inode, size and modification time. */
    boolean sameFileAs(final BasicFileAttributes attributes)
    {
        return Objects.equals(identity, attributes.fileKey()) && size() == attributes.size()
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
    public MemorySegment mapped()
    {
        return mapped;
    }

    @Override
    protected void closing()
    {
        mapping.close();
    }
}
