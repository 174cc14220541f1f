package dev.ecbd.handlers;

import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.HttpFields;
import dev.ecbd.api.PlainTextResponse;
import dev.ecbd.api.RequestView;

import java.util.concurrent.CompletionStage;

/**
 * One request as its handler sees it: the request, a buffered response (status, header lines and
 * a body held off-heap until the runtime flushes it as the handler's codes say), and the explicit
 * asynchronous operations. Worker thread of the request only, like the ECB beneath it.
 */
public final class HandlerContext
{
    private final ExtensionControlBlock ecb;
    private final HandlerRun run;
    private final ResponseBuffer body = new ResponseBuffer();
    private final StringBuilder headerLines = new StringBuilder();
    private int status = 200;
    private String contentType = "text/html; charset=utf-8";
    private boolean headSent;
    private boolean asyncStarted;

    HandlerContext(final ExtensionControlBlock ecb, final HandlerRun run)
    {
        this.ecb = ecb;
        this.run = run;
    }

    /** @return the request: method, path, query, headers, body available with it. */
    public RequestView request()
    {
        return ecb;
    }

    /** Sets the response status (200 unless set); only before the first flush. */
    public HandlerContext status(final int status)
    {
        requireHeadOpen("status");
        this.status = HttpFields.requireResponseStatus(status);
        return this;
    }

    /** Sets the response's {@code Content-Type} (HTML in UTF-8 unless set); only before the first flush. */
    public HandlerContext contentType(final String contentType)
    {
        requireHeadOpen("contentType");
        this.contentType = HttpFields.requireFieldValue(contentType);
        return this;
    }

    /** Adds a response header; only before the first flush. */
    public HandlerContext header(final String name, final String value)
    {
        requireHeadOpen("header");
        headerLines.append(name).append(": ").append(HttpFields.requireFieldValue(value)).append("\r\n");
        return this;
    }

    /** Appends text, as UTF-8, to the buffered body. */
    public HandlerContext write(final CharSequence text)
    {
        body.writeUtf8(text);
        return this;
    }

    /** Appends text, HTML-escaped, as UTF-8, to the buffered body. */
    public HandlerContext writeEscaped(final CharSequence text)
    {
        body.writeHtmlEscaped(text);
        return this;
    }

    /** Appends bytes to the buffered body. */
    public HandlerContext write(final byte[] bytes, final int offset, final int length)
    {
        body.write(bytes, offset, length);
        return this;
    }

    /**
     * Sends a file after what is buffered, zero-copy, as an explicit asynchronous operation: answer
     * {@link HttpCode#SUCCESS_ASYNC_NOFLUSH} (to be called again once it is sent) or
     * {@link HttpCode#SUCCESS_ASYNC_NOFLUSH_DONE}. Needs {@code @AsyncHandler(explicitCalls = true)}.
     */
    public void sendFile(final FileTransmission transmission) throws java.io.IOException
    {
        run.requireExplicitCalls("sendFile");
        flushBuffered();
        run.registerCompletion();
        ecb.transmitFile(transmission);
        asyncStarted = true;
    }

    /**
     * Waits for external work (a call to another service, say) as an explicit asynchronous
     * operation: answer {@link HttpCode#SUCCESS_ASYNC_NOFLUSH} to be called again once
     * {@code stage} completes, on this request's worker. Needs
     * {@code @AsyncHandler(explicitCalls = true)}.
     */
    public void await(final CompletionStage<?> stage)
    {
        run.requireExplicitCalls("await");
        run.registerCompletion();
        ecb.completeWhen(stage);
        asyncStarted = true;
    }

    /** @return whether the response head has gone to the connection. */
    public boolean headSent()
    {
        return headSent;
    }

    boolean takeAsyncStarted()
    {
        final boolean started = asyncStarted;
        asyncStarted = false;
        return started;
    }

    /** Sends the head if not yet sent, then what is buffered, synchronously. */
    void flushBuffered() throws java.io.IOException
    {
        sendHeadIfNeeded();
        if (!body.isEmpty())
        {
            ecb.writeClient(body.readable());
            body.clear();
        }
    }

    /** Sends the head if not yet sent, then what is buffered, asynchronously; completes when all of it is with the socket. */
    void flushBufferedAsync()
    {
        sendHeadIfNeeded();
        ecb.writeClientAsync(body.readable());
        body.clear();
    }

    /** Replaces an unflushed response with an error response; @return false when the head is already out. */
    boolean sendError(final int errorStatus, final String message) throws java.io.IOException
    {
        if (headSent)
        {
            return false;
        }
        body.clear();
        PlainTextResponse.send(ecb, errorStatus, "", message);
        headSent = true;
        return true;
    }

    void release()
    {
        body.release();
    }

    private void sendHeadIfNeeded()
    {
        if (!headSent)
        {
            ecb.sendResponseHeader(status, "Content-Type: " + contentType + "\r\n" + headerLines);
            headSent = true;
        }
    }

    private void requireHeadOpen(final String what)
    {
        if (headSent)
        {
            throw new IllegalStateException(what + ": the response head has already been flushed");
        }
    }
}
