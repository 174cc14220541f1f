package dev.ecbd.server.builtin;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;

import java.io.IOException;

/** Answers 404 for a path no extension is mapped to. */
public final class NotFoundExtension implements Extension
{
    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        return Responses.text(ecb, 404, "", "no extension is mapped to this path");
    }
}
