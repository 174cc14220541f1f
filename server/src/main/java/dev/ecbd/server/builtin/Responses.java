package dev.ecbd.server.builtin;

import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Small plain-text responses the built-in extensions share. */
final class Responses
{
    private Responses()
    {
    }

    /** Sends {@code status} with a one-line UTF-8 text body and extra header lines; ends the request. */
    static ExtensionStatus text(final ExtensionControlBlock ecb, final int status, final String extraHeaderLines, final String line) throws IOException
    {
        final byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
        ecb.sendResponseHeader(status, "Content-Type: text/plain; charset=utf-8\r\n" + extraHeaderLines);
        ecb.writeClient(body, 0, body.length);
        return ExtensionStatus.SUCCESS;
    }

    /** Answers 405 unless the request's method is one of {@code allowed}; @return null when it is. */
    static ExtensionStatus requireMethod(final ExtensionControlBlock ecb, final String... allowed) throws IOException
    {
        final String method = ecb.method();
        for (final String ok : allowed)
        {
            if (ok.equals(method))
            {
                return null;
            }
        }
        return text(ecb, 405, "Allow: " + String.join(", ", allowed) + "\r\n", "method " + method + " is not allowed here");
    }
}
