package dev.ecbd.server;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.PlainTextResponse;

import java.io.IOException;

/** A test extension that reads the whole body synchronously, holding its worker while it waits, and answers how many bytes it read. */
final class SyncReader implements Extension
{
    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        final byte[] chunk = new byte[8192];
        long total = ecb.availableBodyLength();
        int read;
        while ((read = ecb.readClient(chunk, 0, chunk.length)) > 0)
        {
            total += read;
        }
        PlainTextResponse.send(ecb, 200, "", "read " + total);
        return ExtensionStatus.SUCCESS;
    }
}
