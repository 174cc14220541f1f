package dev.ecbd.server.builtin;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/** {@code GET /healthz}: 200 while the server accepts work, 503 once it has begun to shut down. */
public final class HealthExtension implements Extension
{
    private final BooleanSupplier accepting;

    /** @param accepting whether the server accepts work now. */
    public HealthExtension(final BooleanSupplier accepting)
    {
        this.accepting = accepting;
    }

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        final ExtensionStatus refused = Responses.requireMethod(ecb, "GET", "HEAD");
        if (refused != null)
        {
            return refused;
        }
        return accepting.getAsBoolean()
            ? Responses.text(ecb, 200, "Cache-Control: no-store\r\n", "ok")
            : Responses.text(ecb, 503, "Cache-Control: no-store\r\n", "shutting down");
    }
}
