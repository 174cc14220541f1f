package dev.ecbd.api;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link AsyncIo#transmitFile(FileTransmission)} sends (ISAPI's {@code HSE_TF_INFO}): a region
 * of a file, with optional bytes before and after it, all as response body.
 *
 * @param file the file to send from; the server opens it when the transmission starts.
 * @param offset where in the file to start.
 * @param length how many bytes of the file to send, or -1 for everything from {@code offset} on.
 * @param head bytes to send before the file region; empty for none.
 * @param tail bytes to send after the file region; empty for none.
 * @param closeAfterSend whether the server closes the connection once the request ends.
 * @param shared the file already open, or null for the server to open {@code file} (which then
 *        only names it in messages).
 * @param finalSend ISAPI's {@code HSE_IO_FINAL_SEND}: the transmission is the last of the
 *        response, and starting it ends the request as done-with-session with
 *        {@link ExtensionStatus#SUCCESS} would (or {@link ExtensionStatus#SUCCESS_AND_CLOSE} with
 *        {@code closeAfterSend}); no completion callback is needed or called, and the bytes go out
 *        after the request has ended. The only asynchronous operation an inline
 *        ({@link NonBlocking}) extension may start.
 */
public record FileTransmission(Path file, long offset, long length, byte[] head, byte[] tail, boolean closeAfterSend, SharedFile shared,
    boolean finalSend)
{
    private static final byte[] NONE = new byte[0];

    public FileTransmission
    {
        Objects.requireNonNull(file, "file");
        if (offset < 0 || length < -1)
        {
            throw new IllegalArgumentException("file region must have offset >= 0 and length >= -1: " + offset + ", " + length);
        }
        head = head == null || head.length == 0 ? NONE : head.clone();
        tail = tail == null || tail.length == 0 ? NONE : tail.clone();
    }

    /** A transmission of a file the server opens, with bytes around it; not a final send. */
    public FileTransmission(final Path file, final long offset, final long length, final byte[] head, final byte[] tail, final boolean closeAfterSend)
    {
        this(file, offset, length, head, tail, closeAfterSend, null, false);
    }

    /** @return the whole of {@code file}, nothing around it. */
    public static FileTransmission of(final Path file)
    {
        return new FileTransmission(file, 0, -1, NONE, NONE, false, null, false);
    }

    /** @return {@code length} bytes of {@code file} from {@code offset}, nothing around them. */
    public static FileTransmission region(final Path file, final long offset, final long length)
    {
        return new FileTransmission(file, offset, length, NONE, NONE, false, null, false);
    }

    /** @return {@code length} bytes of the open {@code file} from {@code offset}, nothing around them. */
    public static FileTransmission region(final SharedFile file, final long offset, final long length)
    {
        return new FileTransmission(file.path(), offset, length, NONE, NONE, false, file, false);
    }

    /**
     * @return {@code length} bytes of the open {@code file} from {@code offset}, nothing around them,
     *         as the response's final send: {@code region(file, offset, length).asFinalSend()} in
     *         one object, for a request path that sends files this way every time.
     */
    public static FileTransmission finalRegion(final SharedFile file, final long offset, final long length)
    {
        return new FileTransmission(file.path(), offset, length, NONE, NONE, false, file, true);
    }

    /** @return this transmission as the response's final send ({@link #finalSend()}). */
    public FileTransmission asFinalSend()
    {
        return new FileTransmission(file, offset, length, head, tail, closeAfterSend, shared, true);
    }

    @Override
    public byte[] head()
    {
        return head.clone();
    }

    @Override
    public byte[] tail()
    {
        return tail.clone();
    }

    /** @return the head's length, without copying it. */
    public int headLength()
    {
        return head.length;
    }

    /** @return the tail's length, without copying it. */
    public int tailLength()
    {
        return tail.length;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof FileTransmission that && file.equals(that.file) && offset == that.offset && length == that.length
            && Arrays.equals(head, that.head) && Arrays.equals(tail, that.tail) && closeAfterSend == that.closeAfterSend && shared == that.shared
            && finalSend == that.finalSend;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(file, offset, length, Arrays.hashCode(head), Arrays.hashCode(tail), closeAfterSend, System.identityHashCode(shared), finalSend);
    }

    @Override
    public String toString()
    {
        return "FileTransmission[" + file + " @" + offset + "+" + length + ", head " + head.length + " B, tail " + tail.length + " B"
            + (closeAfterSend ? ", close after send" : "") + (shared != null ? ", open" : "") + (finalSend ? ", final send" : "") + "]";
    }
}
