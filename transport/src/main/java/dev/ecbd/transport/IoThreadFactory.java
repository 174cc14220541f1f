package dev.ecbd.transport;

import dev.ecbd.os.CpuScheduling;
import io.netty.util.concurrent.FastThreadLocalThread;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names I/O threads {@code ecbd-io-N}, from 0, and, when asked, moves each to
 * {@code SCHED_BATCH} as it starts (see {@link HttpServerConfig#batchScheduledIo()}); a thread
 * that cannot be moved logs why and runs on as it is.
 */
final class IoThreadFactory implements ThreadFactory
{
    private static final System.Logger LOG = System.getLogger(IoThreadFactory.class.getName());

    private final AtomicInteger next = new AtomicInteger();
    private final boolean batchScheduled;

    IoThreadFactory(final boolean batchScheduled)
    {
        this.batchScheduled = batchScheduled;
    }

    @Override
    public Thread newThread(final Runnable task)
    {
        final String name = "ecbd-io-" + next.getAndIncrement();
        return new FastThreadLocalThread(batchScheduled ? () -> runBatchScheduled(name, task) : task, name);
    }

    private static void runBatchScheduled(final String name, final Runnable task)
    {
        final String failure = CpuScheduling.batchScheduleCurrentThread();
        LOG.log(failure == null ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "{0} {1}", name,
            failure == null ? "scheduled SCHED_BATCH: it shares CPUs with workers" : "not batch-scheduled: " + failure);
        task.run();
    }
}
