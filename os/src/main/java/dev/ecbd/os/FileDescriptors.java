package dev.ecbd.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Files opened as Linux descriptors ({@code open(2)}, {@code close(2)}), for the kernel's
 * {@code sendfile(2)}, which takes a descriptor where Java has only channels. Each descriptor is
 * its opener's to close, once. Stateless; any thread.
 */
public final class FileDescriptors
{
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;

    static
    {
        MethodHandle open = null;
        MethodHandle close = null;
        try
        {
            open = Libc.downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            close = Libc.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        }
        catch (final RuntimeException | LinkageError ex)
        {
            open = close = null;
        }
        OPEN = open;
        CLOSE = close;
    }

    private FileDescriptors()
    {
    }

    /**
     * Opens {@code path} read-only, close-on-exec, following symbolic links as {@code FileChannel.open} does.
     *
     * @return the descriptor, or -1 when the file cannot be opened or descriptors are not available
     *         here; the caller that needs to know why opens the path the Java way.
     */
    public static int openReadOnly(final Path path)
    {
        if (OPEN == null)
        {
            return -1;
        }
        try (Arena arena = Arena.ofConfined())
        {
            return (int)OPEN.invokeExact(arena.allocateFrom(path.toString()), O_RDONLY | O_CLOEXEC);
        }
        catch (final Throwable ex)
        {
            return -1;
        }
    }

    /** @return the path through which another open of {@code descriptor}'s file reaches that very file. */
    public static Path reopenPath(final int descriptor)
    {
        return Path.of("/proc/self/fd/" + descriptor);
    }

    /** Closes a descriptor {@link #openReadOnly} gave; a read-only one that fails to close has nothing to lose. */
    public static void close(final int descriptor)
    {
        try
        {
            final int ignored = (int)CLOSE.invokeExact(descriptor);
        }
        catch (final Throwable ignored)
        {
            // NOTE: see above; the descriptor is gone either way.
        }
    }
}
