package dev.ecbd.transport;

import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.SharedFile;
import dev.ecbd.os.DescribedFile;
import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCounted;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Opens the file bytes of a transmission, for a send without a copy in the JVM: a file region
 * ({@code sendfile} on epoll and NIO, a splice through a pipe on io_uring), or, for a shared file
 * that is mapped and a transport that prefers it, a buffer over the mapping (io_uring sends it
 * like any buffer, with no pipe and two fewer system calls a 64 KiB), or, on a transport whose I/O
 * thread can send on its sockets itself, a {@link DirectFileSend} for a file with a descriptor: a
 * shared file that has one, or a file named by path, then opened with one ({@link CountedFile}).
 * Stateless; any thread.
 */
final class FileRegions
{
    private FileRegions()
    {
    }

    /**
     * Opens the transmission's file and checks its region against the file's size.
     *
     * @param transport decides the form: whether the I/O thread sends a shared file with a
     *        descriptor itself, and whether a mapped shared file's bytes go as a buffer over its mapping.
     * @return a {@link DefaultFileRegion}, a {@link SharedFileBuffer} or a {@link DirectFileSend}, which holds the open file
     *         until it is sent or released; null when the region is empty (no file is left open then).
     * @throws UncheckedIOException when the file cannot be opened or its size read.
     * @throws IllegalArgumentException when the region lies outside the file.
     * @throws IllegalStateException when a shared file is already closed.
     */
    static ReferenceCounted open(final FileTransmission transmission, final SelectedTransport transport)
    {
        if (transmission.shared() != null)
        {
            return share(transmission, transport);
        }
        final DescribedFile file;
        try
        {
            file = DescribedFile.open(transmission.file(), transport.sendsFilesDirect());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + transmission.file() + " for transmit-file", ex);
        }
        try
        {
            final long size = file.channel().size();
            final long length = regionLength(transmission, size);
            if (length == 0)
            {
                file.close();
                return null;
            }
            return file.descriptor() >= 0
                ? new DirectFileSend(new CountedFile(transmission.file(), file, size), transmission.offset(), length, false)
                : new DefaultFileRegion(file.channel(), transmission.offset(), length);
        }
        catch (final IOException ex)
        {
            file.close();
            throw new UncheckedIOException("cannot read the size of " + transmission.file(), ex);
        }
        catch (final RuntimeException ex)
        {
            file.close();
            throw ex;
        }
    }

    /** @return the bytes {@link #open} gave: a region's count, a buffer's readable bytes; 0 for none. */
    static long length(final ReferenceCounted bytes)
    {
        return switch (bytes)
        {
            case null -> 0;
            case FileRegion region -> region.count();
            case DirectFileSend send -> send.fileBytes();
            case ByteBuf buffer -> buffer.readableBytes();
            default -> throw new IllegalArgumentException("not file bytes: " + bytes);
        };
    }

    /** A region of a file already open: one more reference to it, no system call. */
    private static ReferenceCounted share(final FileTransmission transmission, final SelectedTransport transport)
    {
        final SharedFile file = transmission.shared();
        final long length = regionLength(transmission, file.size());
        if (length == 0)
        {
            return null;
        }
        if (!file.retain())
        {
            throw new IllegalStateException(transmission.file() + " was closed before its transmit-file started; hold a reference to a shared file until transmitFile returns");
        }
        final boolean mapped = transport.sendsFilesMapped() && file.mapped() != null;
        if (transport.sendsFilesDirect() && file.descriptor() >= 0)
        {
            return new DirectFileSend(file, transmission.offset(), length, mapped);
        }
        return mapped && length <= Integer.MAX_VALUE
            ? new SharedFileBuffer(file, transmission.offset(), (int)length)
            : new SharedFileRegion(file, transmission.offset(), length);
    }

    /** @return the length of the transmission's region of a file of {@code size} bytes, checked against it. */
    private static long regionLength(final FileTransmission transmission, final long size)
    {
        final long offset = transmission.offset();
        final long length = transmission.length() < 0 ? size - offset : transmission.length();
        if (offset > size || length < 0 || offset + length > size)
        {
            throw new IllegalArgumentException("file region " + offset + "+" + length + " lies outside " + transmission.file() + " (" + size + " bytes)");
        }
        return length;
    }
}
