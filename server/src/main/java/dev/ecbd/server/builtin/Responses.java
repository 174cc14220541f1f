package dev.ecbd.server.builtin;

import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.PlainTextResponse;

import java.io.IOException;

/** Small plain-text responses the built-in extensions share. */
final class Responses
{
    private Responses()
    {
    }

    /** Sends {@code status} with a one-line UTF-8 text body and extra header lines; ends the request. */
    static ExtensionStatus text(final ExtensionControlBlock ecb, final int status, final String extraHeaderLines, final String line) throws IOException
    {
        PlainTextResponse.send(ecb, status, extraHeaderLines, line);
        return ExtensionStatus.SUCCESS;
    }
}
