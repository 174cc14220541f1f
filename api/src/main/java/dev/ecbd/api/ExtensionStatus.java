package dev.ecbd.api;

/**
 * What an extension answers from {@link Extension#handle(ExtensionControlBlock)}, and the final
 * status it gives {@link ExtensionControlBlock#doneWithSession(ExtensionStatus)}.
 */
public enum ExtensionStatus
{
    /**
     * The response is complete. The connection stays open for the next request when HTTP allows it
     * (the client did not ask to close, and the response's length is known).
     */
    SUCCESS,

    /** The response is complete, and the server closes the connection once it has been sent. */
    SUCCESS_AND_CLOSE,

    /**
     * The extension keeps the ECB and ends the request later with
     * {@link ExtensionControlBlock#doneWithSession(ExtensionStatus)}. Not a valid final status.
     */
    PENDING,

    /**
     * The request failed. If no response has been sent yet the client gets {@code 500}; either way
     * the connection is closed.
     */
    ERROR;

    /** @return whether this status ends a request (every status but {@link #PENDING}). */
    public boolean isFinal()
    {
        return this != PENDING;
    }
}
