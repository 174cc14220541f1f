package tx;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionSettings;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.FileTransmission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public final class SendFileExtension implements Extension
{
    private Path file;
    private long size;

    @Override
    public void load(final ExtensionSettings settings) throws IOException
    {
        file = Path.of(settings.get("file", "/tmp/ol/site/1m.bin"));
        size = Files.size(file);
    }

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        ecb.sendResponseHeader(200, "Content-Type: application/octet-stream\r\nContent-Length: " + size + "\r\n");
        ecb.transmitFile(FileTransmission.of(file).asFinalSend());
        return ExtensionStatus.PENDING;
    }
}
