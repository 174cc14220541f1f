package dev.ecbd.server.builtin;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;

import java.io.IOException;

/**
 * {@code POST /echo}: answers the request body, with the request's {@code Content-Type}
 * ({@code application/octet-stream} when it had none). It copies out what arrived with the
 * request, then reads the rest synchronously, so a body of any size streams through.
 */
public final class EchoExtension implements Extension
{
    private static final int CHUNK = 16 * 1024;

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        final ExtensionStatus refused = Responses.requireMethod(ecb, "POST");
        if (refused != null)
        {
            return refused;
        }
        final String contentType = ecb.header("Content-Type");
        ecb.sendResponseHeader(200, "Content-Type: " + (contentType == null ? "application/octet-stream" : contentType) + "\r\n");
        final int available = ecb.availableBodyLength();
        final byte[] chunk = new byte[CHUNK];
        for (int from = 0; from < available; )
        {
            final int copied = ecb.copyAvailableBody(from, chunk, 0, chunk.length);
            ecb.writeClient(chunk, 0, copied);
            from += copied;
        }
        int read;
        while ((read = ecb.readClient(chunk, 0, chunk.length)) > 0)
        {
            ecb.writeClient(chunk, 0, read);
        }
        return ExtensionStatus.SUCCESS;
    }
}
