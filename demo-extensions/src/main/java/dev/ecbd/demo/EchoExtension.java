package dev.ecbd.demo;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.IoCompletion;
import dev.ecbd.api.IoErrors;
import dev.ecbd.api.PlainTextResponse;

import java.io.IOException;

/**
 * {@code POST /echo}: answers the request body, with the request's {@code Content-Type}
 * ({@code application/octet-stream} when it had none). It writes out what arrived with the
 * request, then alternates asynchronous reads and writes of the rest, so a body of any size
 * streams through and a slow client never holds the worker: between two completions the worker
 * serves other requests.
 */
public final class EchoExtension implements Extension
{
    private static final int CHUNK = 16 * 1024;

    /** One request's echo: the chunk in flight, and whether the operation in flight is a read. */
    private static final class Echo implements IoCompletion
    {
        private final byte[] chunk = new byte[CHUNK];
        private boolean reading;

        /** Reads the next chunk. */
        void readNext(final ExtensionControlBlock ecb)
        {
            reading = true;
            ecb.readClientAsync(chunk, 0, chunk.length);
        }

        @Override
        public void onCompletion(final ExtensionControlBlock ecb, final Object context, final long bytes, final int errorCode)
        {
            if (errorCode != IoErrors.NONE)
            {
                ecb.doneWithSession(ExtensionStatus.ERROR);
            }
            else if (reading && bytes == 0)
            {
                ecb.doneWithSession(ExtensionStatus.SUCCESS);
            }
            else if (reading)
            {
                reading = false;
                ecb.writeClientAsync(chunk, 0, (int)bytes);
            }
            else
            {
                readNext(ecb);
            }
        }
    }

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        final ExtensionStatus refused = PlainTextResponse.requireMethod(ecb, "POST");
        if (refused != null)
        {
            return refused;
        }
        final String contentType = ecb.header("Content-Type");
        ecb.sendResponseHeader(200, "Content-Type: " + (contentType == null ? "application/octet-stream" : contentType) + "\r\n");
        final Echo echo = new Echo();
        final int available = ecb.availableBodyLength();
        for (int from = 0; from < available; )
        {
            // NOTE: the read-ahead (48 KiB at most) stays under the flush threshold, so these writes only buffer.
            final int copied = ecb.copyAvailableBody(from, echo.chunk, 0, echo.chunk.length);
            ecb.writeClient(echo.chunk, 0, copied);
            from += copied;
        }
        ecb.ioCompletion(echo, null);
        echo.readNext(ecb);
        return ExtensionStatus.PENDING;
    }
}
