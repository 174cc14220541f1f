package dev.ecbd.demo;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.NonBlocking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /plaintext}: {@code Hello, World!} as text/plain; the benchmark endpoint, run on a
 * worker. {@link Inline} is the same extension declared {@link NonBlocking}, served at
 * {@code /plaintext-inline} on the I/O thread, so the two paths can be measured side by side.
 */
public class PlaintextExtension implements Extension
{
    /** The same response, run inline on the I/O thread. */
    @NonBlocking
    public static final class Inline extends PlaintextExtension
    {
    }

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        ecb.sendResponseHeader(200, "Content-Type: text/plain\r\n");
        ecb.writeClient(BODY, 0, BODY.length);
        return ExtensionStatus.SUCCESS;
    }
}
