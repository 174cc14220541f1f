package dev.ecbd.server.builtin;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.PlainTextResponse;
import dev.ecbd.api.NonBlocking;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: every metric of a registry in the Prometheus text format. Runs inline on the
 * I/O thread, so a scrape never waits behind extension work on the workers.
 */
@NonBlocking
public final class MetricsExtension implements Extension
{
    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public MetricsExtension(final PrometheusRegistry registry)
    {
        this.registry = registry;
    }

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        final ExtensionStatus refused = PlainTextResponse.requireMethod(ecb, "GET", "HEAD");
        if (refused != null)
        {
            return refused;
        }
        final ByteArrayOutputStream text = new ByteArrayOutputStream(8192);
        writer.write(text, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        ecb.sendResponseHeader(200, "Content-Type: " + writer.getContentType() + "\r\nCache-Control: no-store\r\n");
        ecb.writeClient(text.toByteArray(), 0, text.size());
        return ExtensionStatus.SUCCESS;
    }
}
