package dev.ecbd.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/** Handles on the C library's functions, for the classes of this package. Stateless; any thread. */
final class Libc
{
    private static final Linker LINKER = Linker.nativeLinker();

    private Libc()
    {
    }

    /**
     * @return a handle on libc's {@code function}; native access is what ecbd's JVM flags grant this code.
     * @throws java.util.NoSuchElementException when the C library has no such function.
     */
    @SuppressWarnings("restricted")
    static MethodHandle downcall(final String function, final FunctionDescriptor signature, final Linker.Option... options)
    {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(function), signature, options);
    }
}
