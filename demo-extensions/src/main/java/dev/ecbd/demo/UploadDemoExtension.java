package dev.ecbd.demo;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.IoCompletion;
import dev.ecbd.api.IoErrors;
import dev.ecbd.api.PlainTextResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code POST /demo/upload}: reads the request body asynchronously, one read started from the
 * completion of the one before, and answers its length and SHA-256 as JSON. Memory stays at one
 * read buffer whatever the body's size.
 */
public final class UploadDemoExtension implements Extension
{
    private static final int READ_SIZE = 64 * 1024;

    /** One upload's progress: the completion callback's context. */
    private static final class Upload
    {
        private final MessageDigest sha256;
        private final byte[] buffer = new byte[READ_SIZE];
        private long bytes;

        private Upload() throws NoSuchAlgorithmException
        {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        }
    }

    private static final IoCompletion NEXT_READ = (ecb, context, bytes, errorCode) ->
    {
        final Upload upload = (Upload)context;
        if (errorCode != IoErrors.NONE)
        {
            ecb.doneWithSession(ExtensionStatus.ERROR);
            return;
        }
        if (bytes == 0)
        {
            final byte[] json = ("{\"bytes\":" + upload.bytes + ",\"sha256\":\"" + HexFormat.of().formatHex(upload.sha256.digest()) + "\"}\n")
                .getBytes(StandardCharsets.US_ASCII);
            ecb.sendResponseHeader(200, "Content-Type: application/json\r\n");
            ecb.writeClient(json, 0, json.length);
            ecb.doneWithSession(ExtensionStatus.SUCCESS);
            return;
        }
        upload.sha256.update(upload.buffer, 0, (int)bytes);
        upload.bytes += bytes;
        ecb.readClientAsync(upload.buffer, 0, upload.buffer.length);
    };

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException, NoSuchAlgorithmException
    {
        final ExtensionStatus refused = PlainTextResponse.requireMethod(ecb, "POST", "PUT");
        if (refused != null)
        {
            return refused;
        }
        final Upload upload = new Upload();
        for (int from = 0; from < ecb.availableBodyLength(); )
        {
            final int copied = ecb.copyAvailableBody(from, upload.buffer, 0, upload.buffer.length);
            upload.sha256.update(upload.buffer, 0, copied);
            upload.bytes += copied;
            from += copied;
        }
        ecb.ioCompletion(NEXT_READ, upload);
        ecb.readClientAsync(upload.buffer, 0, upload.buffer.length);
        return ExtensionStatus.PENDING;
    }
}
