package dev.ecbd.demo;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.IoCompletion;
import dev.ecbd.api.IoErrors;
import dev.ecbd.api.PlainTextResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /demo/stream?chunks=N}: writes N lines asynchronously, each write started from the
 * completion of the one before; the response goes out chunked, its length unknown up front.
 */
public final class StreamDemoExtension implements Extension
{
    private static final int MAX_CHUNKS = 100_000;

    /** The stream's progress: the completion callback's context, one per request. */
    private static final class Progress
    {
        private final int total;
        private int sent;

        private Progress(final int total)
        {
            this.total = total;
        }
    }

    private static final IoCompletion NEXT_CHUNK = (ecb, context, bytes, errorCode) ->
    {
        final Progress progress = (Progress)context;
        if (errorCode != IoErrors.NONE)
        {
            ecb.doneWithSession(ExtensionStatus.ERROR);
            return;
        }
        if (++progress.sent == progress.total)
        {
            ecb.doneWithSession(ExtensionStatus.SUCCESS);
            return;
        }
        writeChunk(ecb, progress);
    };

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        final ExtensionStatus refused = PlainTextResponse.requireMethod(ecb, "GET", "HEAD");
        if (refused != null)
        {
            return refused;
        }
        final int chunks = chunks(ecb.query());
        if (chunks < 1)
        {
            PlainTextResponse.send(ecb, 400, "", "chunks must be a whole number from 1 to " + MAX_CHUNKS);
            return ExtensionStatus.SUCCESS;
        }
        ecb.sendResponseHeader(200, "Content-Type: text/plain; charset=utf-8\r\nCache-Control: no-store\r\n");
        final Progress progress = new Progress(chunks);
        ecb.ioCompletion(NEXT_CHUNK, progress);
        writeChunk(ecb, progress);
        return ExtensionStatus.PENDING;
    }

    private static void writeChunk(final ExtensionControlBlock ecb, final Progress progress)
    {
        final byte[] line = ("chunk " + (progress.sent + 1) + " of " + progress.total + "\n").getBytes(StandardCharsets.US_ASCII);
        ecb.writeClientAsync(line, 0, line.length);
    }

    /** @return the {@code chunks} parameter, 10 when absent, -1 when bad. */
    private static int chunks(final String query)
    {
        for (final String parameter : query.split("&"))
        {
            if (parameter.startsWith("chunks="))
            {
                try
                {
                    final int value = Integer.parseInt(parameter.substring(7));
                    return value >= 1 && value <= MAX_CHUNKS ? value : -1;
                }
                catch (final NumberFormatException ex)
                {
                    return -1;
                }
            }
        }
        return 10;
    }
}
