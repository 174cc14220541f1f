package dev.ecbd.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A short {@code text/plain} response of one line: errors, refusals, simple answers. */
public final class PlainTextResponse
{
    private PlainTextResponse()
    {
    }

    /**
     * Sends {@code status} with {@code line} and a newline as a UTF-8 text body.
     *
     * @param extraHeaderLines more header lines, each ending in CRLF, or an empty string.
     * @throws IOException when the client has gone away.
     */
    public static void send(final ResponseWriter response, final int status, final String extraHeaderLines, final String line) throws IOException
    {
        final byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
        response.sendResponseHeader(status, "Content-Type: text/plain; charset=utf-8\r\n" + extraHeaderLines);
        response.writeClient(body, 0, body.length);
    }

    /**
     * Answers {@code 405 Method Not Allowed}, with {@code Allow}, unless the request's method is one
     * of {@code allowed}.
     *
     * @return null when the method is allowed; else {@link ExtensionStatus#SUCCESS}, for the
     *         extension to return: the refusal was sent.
     * @throws IOException when the client has gone away.
     */
    public static ExtensionStatus requireMethod(final ExtensionControlBlock ecb, final String... allowed) throws IOException
    {
        final String method = ecb.method();
        for (final String ok : allowed)
        {
            if (ok.equals(method))
            {
                return null;
            }
        }
        send(ecb, 405, "Allow: " + String.join(", ", allowed) + "\r\n", "method " + method + " is not allowed here");
        return ExtensionStatus.SUCCESS;
    }
}
