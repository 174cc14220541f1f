package dev.ecbd.api;

/**
 * Request-handling code hosted by ecbd: the counterpart of an ISAPI extension's
 * {@code HttpExtensionProc}.
 *
 * <p>An extension instance serves every request mapped to it, on every worker at once, so it must
 * be thread-safe; per-request state belongs in locals or in the context object given to
 * {@link ExtensionControlBlock#ioCompletion}. {@code handle} runs on the ECB's worker thread and
 * should not block: a blocked worker stalls every other request queued to it.
 */
@FunctionalInterface
public interface Extension
{
    /**
     * Handles one request.
     *
     * @param ecb the request's control block; valid until the request ends.
     * @return {@link ExtensionStatus#SUCCESS} or {@link ExtensionStatus#SUCCESS_AND_CLOSE} when the
     *         response is complete, {@link ExtensionStatus#PENDING} to keep the ECB and end the
     *         request later, {@link ExtensionStatus#ERROR} to fail it.
     * @throws Exception anything thrown fails the request as {@link ExtensionStatus#ERROR} does, and
     *         is logged.
     */
    ExtensionStatus handle(ExtensionControlBlock ecb) throws Exception;
}
