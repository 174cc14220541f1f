package dev.ecbd.server.builtin;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.PlainTextResponse;
import dev.ecbd.api.NonBlocking;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * A Kubernetes-style probe: {@code GET /livez} (200 while the process serves at all) and
 * {@code GET /readyz} (200 while the server takes new work, 503 from the start of a drain).
 * Runs inline on the I/O thread, so a probe never waits behind extension work on the workers.
 */
@NonBlocking
public final class ProbeExtension implements Extension
{
    private static final String NO_STORE = "Cache-Control: no-store\r\n";

    private final BooleanSupplier up;
    private final String downText;

    private ProbeExtension(final BooleanSupplier up, final String downText)
    {
        this.up = up;
        this.downText = downText;
    }

    /** @return the liveness probe: always 200 while the server answers. */
    public static ProbeExtension liveness()
    {
        return new ProbeExtension(() -> true, "");
    }

    /** @param ready whether the server takes new work now. @return the readiness probe. */
    public static ProbeExtension readiness(final BooleanSupplier ready)
    {
        return new ProbeExtension(ready, "draining");
    }

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        final ExtensionStatus refused = PlainTextResponse.requireMethod(ecb, "GET", "HEAD");
        if (refused != null)
        {
            return refused;
        }
        return up.getAsBoolean() ? Responses.text(ecb, 200, NO_STORE, "ok") : Responses.text(ecb, 503, NO_STORE, downText);
    }
}
