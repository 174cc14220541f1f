package dev.ecbd.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Sends on a connected socket made by its owner directly: {@code send(2)} of memory and
 * {@code sendfile(2)} of a file's pages (no copy of them on the way to the socket), neither of which
 * ever waits for the socket: what it cannot take now is left for the caller.
 *
 * <p>One instance per thread: it keeps the native word {@code sendfile} reads and updates the file
 * offset in. A send on a socket the peer has closed raises no {@code SIGPIPE} ({@code MSG_NOSIGNAL};
 * for {@code sendfile}, the JVM ignores the signal, as Netty's own {@code sendfile} relies on).
 * Errors are not told apart from a full socket: a call that sends nothing says so, and the caller
 * hands the rest to a path that reports errors (the transport's own writes).
 */
public final class SocketSends
{
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_MORE = 0x8000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 0x800;
    private static final MethodHandle SEND;
    private static final MethodHandle SENDFILE;
    private static final MethodHandle FCNTL;

    static
    {
        MethodHandle send = null;
        MethodHandle sendfile = null;
        MethodHandle fcntl = null;
        try
        {
            // NOTE: the buffer's address goes as a 64-bit integer: a pointer is passed as one on every 64-bit Linux ABI.
            send = Libc.downcall("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
            sendfile = Libc.downcall("sendfile", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
            fcntl = Libc.downcall("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
        }
        catch (final RuntimeException | LinkageError ex)
        {
            send = sendfile = fcntl = null;
        }
        SEND = send;
        SENDFILE = sendfile;
        FCNTL = fcntl;
    }

    private final MemorySegment offset = Arena.ofAuto().allocate(JAVA_LONG);

    /** @return whether these calls exist here (Linux's C library). */
    public static boolean available()
    {
        return SEND != null && SENDFILE != null && FCNTL != null;
    }

    /**
     * Sends {@code length} bytes at native {@code address} without waiting.
     *
     * @param more whether more of the same response follows at once ({@code MSG_MORE}: the kernel
     *        holds a part segment back for it instead of pushing it alone).
     * @return the bytes the socket took: 0 when none (full, or an error).
     */
    public long send(final int socket, final long address, final int length, final boolean more)
    {
        try
        {
            return Math.max(0, (long)SEND.invokeExact(socket, address, (long)length, MSG_DONTWAIT | MSG_NOSIGNAL | (more ? MSG_MORE : 0)));
        }
        catch (final Throwable ex)
        {
            return 0;
        }
    }

    /**
     * @return the socket's file status flags ({@code fcntl(F_GETFL)}), for {@link #sendFile}; -1
     *         when they cannot be read.
     */
    public int statusFlags(final int socket)
    {
        try
        {
            return (int)FCNTL.invokeExact(socket, F_GETFL, 0);
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }

    /**
     * Sends {@code file} from {@code position} until {@code count} bytes are sent or the socket
     * takes no more now. A socket in blocking mode (io_uring's transport leaves its sockets so) is
     * put in non-blocking mode for the calls and given back {@code statusFlags} after.
     *
     * @param statusFlags the socket's flags, as {@link #statusFlags} read them.
     * @return the bytes the socket took: 0 when none (full, the file's end, or an error).
     */
    public long sendFile(final int socket, final int statusFlags, final int file, final long position, final long count)
    {
        final boolean blocking = (statusFlags & O_NONBLOCK) == 0;
        if (blocking && !setStatusFlags(socket, statusFlags | O_NONBLOCK))
        {
            return 0;
        }
        long sent = 0;
        try
        {
            offset.set(JAVA_LONG, 0, position);
            long taken;
            while (sent < count && (taken = (long)SENDFILE.invokeExact(socket, file, offset, count - sent)) > 0)
            {
                sent += taken;
            }
        }
        catch (final Throwable ex)
        {
            // NOTE: what was sent before stays sent; the caller goes on from there.
        }
        if (blocking)
        {
            setStatusFlags(socket, statusFlags);
        }
        return sent;
    }

    private boolean setStatusFlags(final int socket, final int flags)
    {
        try
        {
            return (int)FCNTL.invokeExact(socket, F_SETFL, flags) == 0;
        }
        catch (final Throwable ex)
        {
            return false;
        }
    }
}
