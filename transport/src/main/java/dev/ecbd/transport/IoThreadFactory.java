package dev.ecbd.transport;

import io.netty.util.concurrent.FastThreadLocalThread;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names I/O threads {@code ecbd-io-N}, from 0. */
final class IoThreadFactory implements ThreadFactory
{
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Thread newThread(final Runnable task)
    {
        return new FastThreadLocalThread(task, "ecbd-io-" + next.getAndIncrement());
    }
}
