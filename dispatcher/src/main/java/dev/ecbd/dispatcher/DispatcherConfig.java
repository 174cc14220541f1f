package dev.ecbd.dispatcher;

import java.time.Duration;
import java.util.Arrays;

/**
 * How the dispatcher runs: its ECB pool and its workers, with production defaults; build one with
 * {@link #builder()}.
 *
 * @param poolSize how many ECB slots; a request that finds none free is shed (503).
 * @param workers how many worker threads ({@code ecbd-worker-N}); each serves its own partition of the pool.
 * @param cpus CPUs to pin workers to, worker {@code i} to {@code cpus[i % cpus.length]}; empty to
 *        leave workers unpinned.
 * @param queueCapacity the most new requests that may wait in one worker's queue; more are shed.
 * @param sessionTimeout how long an extension may keep an ECB pending before the server reclaims
 *        it (504, or a close when the response had begun).
 */
public record DispatcherConfig(int poolSize, int workers, int[] cpus, int queueCapacity, Duration sessionTimeout)
{
    public DispatcherConfig
    {
        if (workers < 1 || workers > 1024)
        {
            throw new IllegalArgumentException("workers must be from 1 to 1024: " + workers);
        }
        if (poolSize < workers || poolSize > 1 << 22)
        {
            throw new IllegalArgumentException("pool size must be from the worker count (" + workers + ") to " + (1 << 22) + ": " + poolSize);
        }
        if (queueCapacity < 1 || queueCapacity > 1 << 22)
        {
            throw new IllegalArgumentException("queue capacity must be from 1 to " + (1 << 22) + ": " + queueCapacity);
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
        return "DispatcherConfig[poolSize=" + poolSize + ", workers=" + workers + ", cpus=" + Arrays.toString(cpus) + ", queueCapacity=" + queueCapacity
            + ", sessionTimeout=" + sessionTimeout + "]";
    }

    /** @return a builder holding the defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Collects settings; every one starts at its default. */
    public static final class Builder
    {
        private int poolSize = 4096;
        private int workers = 1;
        private int[] cpus = new int[0];
        private int queueCapacity = 1024;
        private Duration sessionTimeout = Duration.ofSeconds(30);

        public Builder poolSize(final int poolSize)
        {
            this.poolSize = poolSize;
            return this;
        }

        public Builder workers(final int workers)
        {
            this.workers = workers;
            return this;
        }

        public Builder cpus(final int... cpus)
        {
            this.cpus = cpus.clone();
            return this;
        }

        public Builder queueCapacity(final int queueCapacity)
        {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder sessionTimeout(final Duration sessionTimeout)
        {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        public DispatcherConfig build()
        {
            return new DispatcherConfig(poolSize, workers, cpus, queueCapacity, sessionTimeout);
        }
    }
}
