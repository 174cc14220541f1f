package dev.ecbd.dispatcher;

import java.time.Duration;
import java.util.Arrays;

/**
 * How the dispatcher runs.
 *
 * @param workers how many worker threads; each serves its own partition of the ECB pool.
 * @param cpus CPUs to pin workers to, worker {@code i} to {@code cpus[i % cpus.length]}; empty to
 *        leave workers unpinned.
 * @param queueCapacity the most new requests that may wait in one worker's queue; more are shed.
 * @param sessionTimeout how long an extension may keep an ECB pending before the server reclaims it.
 */
public record DispatcherConfig(int workers, int[] cpus, int queueCapacity, Duration sessionTimeout)
{
    public DispatcherConfig
    {
        if (workers < 1)
        {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        if (queueCapacity < 1)
        {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + queueCapacity);
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero())
        {
            throw new IllegalArgumentException("session timeout must be positive: " + sessionTimeout);
        }
        cpus = cpus.clone();
    }

    @Override
    public int[] cpus()
    {
        return cpus.clone();
    }

    @Override
    public String toString()
    {
        return "DispatcherConfig[workers=" + workers + ", cpus=" + Arrays.toString(cpus) + ", queueCapacity=" + queueCapacity + ", sessionTimeout=" + sessionTimeout + "]";
    }
}
