package dev.ecbd.server.builtin;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /plaintext}: {@code Hello, World!} as text/plain; the benchmark endpoint. */
public final class PlaintextExtension implements Extension
{
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        ecb.sendResponseHeader(200, "Content-Type: text/plain\r\n");
        ecb.writeClient(BODY, 0, BODY.length);
        return ExtensionStatus.SUCCESS;
    }
}
