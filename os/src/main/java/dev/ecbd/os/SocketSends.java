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
 * for {@code sendfile}, the JVM ignores the signal, as Netty's own {@code sendfile} relies on). Errors are not told apart from a full socket: every call that sends nothing returns
 * -1, and the caller hands the rest to a path that reports errors (the transport's own writes).
 */
public final class SocketSends
{
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_MORE = 0x8000;
    private static final int MSG_NOSIGNAL = 0x4000;
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
     * @return the bytes the socket took, or -1 when it took none (full, or an error).
     */
    public long send(final int socket, final long address, final int length, final boolean more)
    {
        try
        {
            final long sent = (long)SEND.invokeExact(socket, address, (long)length, MSG_DONTWAIT | MSG_NOSIGNAL | (more ? MSG_MORE : 0));
            return sent > 0 ? sent : -1;
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }

    /**
     * Sends up to {@code count} bytes of {@code file} from {@code position}; waits for the socket
     * only if it is in blocking mode (see {@link #nonBlocking}).
     *
     * @return the bytes the socket took, or -1 when it took none (full, the file's end, or an error).
     */
    public long sendFile(final int socket, final int file, final long position, final long count)
    {
        try
        {
            offset.set(JAVA_LONG, 0, position);
            final long sent = (long)SENDFILE.invokeExact(socket, file, offset, count);
            return sent > 0 ? sent : -1;
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }

    /**
     * Puts a socket in non-blocking mode or takes it out of it ({@code fcntl(F_SETFL)}: a socket's
     * only other status flag, {@code O_ASYNC}, is never set by ecbd's transports).
     *
     * @return whether the mode was set.
     */
    public boolean nonBlocking(final int socket, final boolean on)
    {
        try
        {
            return (int)FCNTL.invokeExact(socket, F_SETFL, on ? O_NONBLOCK : 0) == 0;
        }
        catch (final Throwable ex)
        {
            return false;
        }
    }
}
