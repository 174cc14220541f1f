package dev.ecbd.api;

import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file opened once and sent by many transmissions (the file handle of ISAPI's
 * {@code HSE_TF_INFO}), kept open by reference counting: its owner holds one reference, and each
 * {@link FileTransmission} that names it holds one of its own from the moment the server starts the
 * transmission until the server is done with its bytes. The last release closes the channel.
 *
 * <p>Every method may be called from any thread.
 */
public interface SharedFile
{
    /** @return the open file; position-independent reads only (the server never moves its position). */
    FileChannel channel();

    /** @return the file's path, for messages. */
    Path path();

    /** @return the file's size as its owner last saw it; transmissions are checked against it. */
    long size();

    /**
     * Takes a reference.
     *
     * @return false when the file is already closed (its last reference was released): it must not be used.
     */
    boolean retain();

    /** Drops a reference taken by {@link #retain()} (or the owner's own); the last one closes the channel. */
    void release();

    /**
     * @return the whole file mapped into memory, read-only, valid while a reference is held; null
     *         when it is not mapped. A transport that sends memory cheaper than it splices a file
     *         (io_uring, whose own file sends go through a pipe) sends from it what it does not
     *         send with {@code sendfile} from {@link #descriptor()}.
     */
    default MemorySegment mapped()
    {
        return null;
    }

    /**
     * @return the file's open Linux descriptor, valid while a reference is held, or -1 when it has
     *         none. A transport that can sends the file from it with the kernel's {@code sendfile},
     *         straight from the page cache to the socket; the server never moves its offset or
     *         closes it.
     */
    default int descriptor()
    {
        return -1;
    }
}
