package dev.ecbd.server;

import dev.ecbd.dispatcher.DispatcherConfig;
import dev.ecbd.server.accesslog.AccessLogSettings;
import dev.ecbd.server.deploy.PackageSpec;
import dev.ecbd.transport.HttpServerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every setting of a running ecbd: the HTTP transport's, the dispatcher's, and what it serves.
 *
 * @param http where it listens, I/O threads, HTTP limits and timeouts.
 * @param dispatcher the ECB pool, the workers, their pinning and queues, the session timeout.
 * @param documentRoot files served under {@code /}, or null for none.
 * @param extensions the extension packages to deploy.
 * @param reloadInterval how often the packages' jars are polled for a new version; zero for never.
 * @param accessLog where and how the access log is written; null for none.
 * @param openFiles how many of the document root's files are held open ({@code OpenFileCache}); 0 for none.
 * @param openFileValid how long a file held open is served before it is checked against the disk again.
 * @param tenureAtStart whether start-up ends with a full collection, before the port opens, so that
 *        what start-up made (the ECB pool's objects, the exchanges, the loaded classes' data) sits in
 *        the old generation rather than being copied by every young collection while it serves.
 */
public record EcbdConfig(HttpServerConfig http, DispatcherConfig dispatcher, Path documentRoot, List<PackageSpec> extensions, Duration reloadInterval,
    AccessLogSettings accessLog, int openFiles, Duration openFileValid, boolean tenureAtStart)
{
    public EcbdConfig
    {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(dispatcher, "dispatcher");
        extensions = List.copyOf(extensions);
        if (reloadInterval.isNegative())
        {
            throw new IllegalArgumentException("reloadInterval must not be negative: " + reloadInterval);
        }
        if (openFiles < 0 || openFileValid.isNegative())
        {
            throw new IllegalArgumentException("openFiles and openFileValid must not be negative: " + openFiles + ", " + openFileValid);
        }
    }

    /**
     * @return a builder holding the defaults: no document root, no extensions, a poll a second, no
     *         access log, 1,024 files held open and checked again after a second.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Collects the settings; change the transport's and dispatcher's through {@link #http()} and {@link #dispatcher()}. */
    public static final class Builder
    {
        private final HttpServerConfig.Builder http = HttpServerConfig.builder();
        private final DispatcherConfig.Builder dispatcher = DispatcherConfig.builder();
        private final List<PackageSpec> extensions = new ArrayList<>();
        private Path documentRoot;
        private Duration reloadInterval = Duration.ofSeconds(1);
        private AccessLogSettings accessLog;
        private int openFiles = 1024;
        private Duration openFileValid = Duration.ofSeconds(1);
        private boolean tenureAtStart = true;

        /** @return the transport's settings, to change in place. */
        public HttpServerConfig.Builder http()
        {
            return http;
        }

        /** @return the dispatcher's settings, to change in place. */
        public DispatcherConfig.Builder dispatcher()
        {
            return dispatcher;
        }

        public Builder documentRoot(final Path documentRoot)
        {
            this.documentRoot = documentRoot;
            return this;
        }

        public Builder extension(final PackageSpec extension)
        {
            extensions.add(extension);
            return this;
        }

        public Builder reloadInterval(final Duration reloadInterval)
        {
            this.reloadInterval = reloadInterval;
            return this;
        }

        /** @param accessLog where and how to write the access log; null (the default) for none. */
        public Builder accessLog(final AccessLogSettings accessLog)
        {
            this.accessLog = accessLog;
            return this;
        }

        /**
         * @param openFiles how many files to hold open; 0 opens each file per request.
         * @param valid how long a file held open is served before it is checked again.
         */
        public Builder openFileCache(final int openFiles, final Duration valid)
        {
            this.openFiles = openFiles;
            this.openFileValid = valid;
            return this;
        }

        /** @param tenureAtStart whether start-up ends with a full collection (the default); tests that start many servers skip it. */
        public Builder tenureAtStart(final boolean tenureAtStart)
        {
            this.tenureAtStart = tenureAtStart;
            return this;
        }

        public EcbdConfig build()
        {
            return new EcbdConfig(http.build(), dispatcher.build(), documentRoot, extensions, reloadInterval, accessLog, openFiles, openFileValid,
                tenureAtStart);
        }
    }
}
