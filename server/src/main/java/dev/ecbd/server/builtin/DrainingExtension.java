package dev.ecbd.server.builtin;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.NonBlocking;

import java.io.IOException;

/**
 * What a request that arrives on an open connection during a drain gets instead of its extension:
 * 503 with {@code Retry-After}, and the connection closes after it. Inline, on the I/O thread.
 */
@NonBlocking
public final class DrainingExtension implements Extension
{
    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        Responses.text(ecb, 503, "Retry-After: 1\r\n", "the server is shutting down; retry on a new connection");
        return ExtensionStatus.SUCCESS_AND_CLOSE;
    }
}
