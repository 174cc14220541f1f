package dev.ecbd.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Where and how the calling thread is scheduled: its CPU affinity through Linux's
 * {@code sched_setaffinity(2)} and {@code sched_getaffinity(2)}, and its policy through
 * {@code sched_setscheduler(2)}, called with the FFM API (pid 0 means the calling thread).
 *
 * <p>Best effort: on a system without these calls every method reports why instead of throwing.
 */
public final class CpuScheduling
{
    /** Bytes of the CPU mask passed to the kernel: room for 8192 CPUs. */
    private static final int MASK_BYTES = 1024;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SET_AFFINITY;
    private static final MethodHandle GET_AFFINITY;
    private static final MethodHandle SET_SCHEDULER;
    /** Linux's {@code SCHED_BATCH}: a woken thread waits for the running one's slice to end. */
    private static final int SCHED_BATCH = 3;
    private static final String UNAVAILABLE;

    static
    {
        MethodHandle set = null;
        MethodHandle get = null;
        MethodHandle scheduler = null;
        String unavailable = null;
        try
        {
            final FunctionDescriptor signature = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
            final Linker.Option errno = Linker.Option.captureCallState("errno");
            set = Libc.downcall("sched_setaffinity", signature, errno);
            get = Libc.downcall("sched_getaffinity", signature, errno);
            scheduler = Libc.downcall("sched_setscheduler", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), errno);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            unavailable = "the Linux scheduling calls are not available here (" + ex + ")";
        }
        SET_AFFINITY = set;
        GET_AFFINITY = get;
        SET_SCHEDULER = scheduler;
        UNAVAILABLE = unavailable;
    }

    private CpuScheduling()
    {
    }

    /**
     * Pins the calling thread to one CPU.
     *
     * @return null when pinned, else why not (for example {@code errno 22 (EINVAL)} for a CPU the
     *         process may not use).
     */
    public static String pinCurrentThread(final int cpu)
    {
        if (UNAVAILABLE != null)
        {
            return UNAVAILABLE;
        }
        if (cpu < 0 || cpu >= MASK_BYTES * 8)
        {
            return "CPU " + cpu + " is out of range";
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mask = arena.allocate(MASK_BYTES);
            mask.set(JAVA_BYTE, cpu >>> 3, (byte)(1 << (cpu & 7)));
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int result = (int)SET_AFFINITY.invokeExact(callState, 0, (long)MASK_BYTES, mask);
            return result == 0 ? null : "sched_setaffinity(CPU " + cpu + ") failed: " + describeErrno((int)ERRNO.get(callState, 0L));
        }
        catch (final Throwable ex)
        {
            return "sched_setaffinity(CPU " + cpu + ") failed: " + ex;
        }
    }

    /**
     * Moves the calling thread to {@code SCHED_BATCH}: when it wakes it no longer preempts the
     * thread running on its CPU, but waits for that thread to block, yield or use up its slice.
     *
     * @return null when done, else why not.
     */
    public static String batchScheduleCurrentThread()
    {
        if (UNAVAILABLE != null)
        {
            return UNAVAILABLE;
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment priority = arena.allocate(JAVA_INT);
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int result = (int)SET_SCHEDULER.invokeExact(callState, 0, SCHED_BATCH, priority);
            return result == 0 ? null : "sched_setscheduler(SCHED_BATCH) failed: " + describeErrno((int)ERRNO.get(callState, 0L));
        }
        catch (final Throwable ex)
        {
            return "sched_setscheduler(SCHED_BATCH) failed: " + ex;
        }
    }

    /**
     * @return the CPUs the calling thread may run on, ascending; empty when they cannot be read.
     */
    public static int[] allowedCpus()
    {
        if (UNAVAILABLE != null)
        {
            return new int[0];
        }
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment mask = arena.allocate(MASK_BYTES);
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int result = (int)GET_AFFINITY.invokeExact(callState, 0, (long)MASK_BYTES, mask);
            if (result != 0)
            {
                return new int[0];
            }
            final List<Integer> cpus = new ArrayList<>();
            for (int cpu = 0; cpu < MASK_BYTES * 8; cpu++)
            {
                if ((mask.get(JAVA_BYTE, cpu >>> 3) & (1 << (cpu & 7))) != 0)
                {
                    cpus.add(cpu);
                }
            }
            return cpus.stream().mapToInt(Integer::intValue).toArray();
        }
        catch (final Throwable ex)
        {
            return new int[0];
        }
    }

    private static String describeErrno(final int errno)
    {
        final String name = switch (errno)
        {
            case 1 -> "EPERM";
            case 3 -> "ESRCH";
            case 14 -> "EFAULT";
            case 22 -> "EINVAL";
            default -> "?";
        };
        return "errno " + errno + " (" + name + ")";
    }
}
