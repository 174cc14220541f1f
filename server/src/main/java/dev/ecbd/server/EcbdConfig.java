package dev.ecbd.server;

import dev.ecbd.dispatcher.DispatcherConfig;
import dev.ecbd.transport.HttpServerConfig;

import java.util.Objects;

/**
 * Every setting of a running ecbd: the HTTP transport's and the dispatcher's, each kept once.
 *
 * @param http where it listens, I/O threads, HTTP limits and timeouts.
 * @param dispatcher the ECB pool, the workers, their pinning and queues, the session timeout.
 */
public record EcbdConfig(HttpServerConfig http, DispatcherConfig dispatcher)
{
    public EcbdConfig
    {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(dispatcher, "dispatcher");
    }

    /** @return a builder holding the defaults of both parts. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** Collects both parts' settings; change them through {@link #http()} and {@link #dispatcher()}. */
    public static final class Builder
    {
        private final HttpServerConfig.Builder http = HttpServerConfig.builder();
        private final DispatcherConfig.Builder dispatcher = DispatcherConfig.builder();

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

        public EcbdConfig build()
        {
            return new EcbdConfig(http.build(), dispatcher.build());
        }
    }
}
