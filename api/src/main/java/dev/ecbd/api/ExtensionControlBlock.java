package dev.ecbd.api;

/**
 * One request's control block: the request, the response, and the end of the session.
 *
 * <p>Valid from the call of {@link Extension#handle(ExtensionControlBlock)} until the request ends;
 * any call after that throws {@link IllegalStateException}. Every method but
 * {@link #doneWithSession(ExtensionStatus)} must be called on the ECB's worker thread (see the
 * package documentation).
 */
public interface ExtensionControlBlock extends RequestView, ResponseWriter, AsyncIo, ServerSupport
{
    /**
     * Ends a request whose extension answered {@link ExtensionStatus#PENDING} (or is about to): the
     * server finishes the response and recycles the ECB. Callable from any thread, once; the ECB is
     * unusable as soon as this returns.
     *
     * @param status a final status: {@link ExtensionStatus#SUCCESS},
     *        {@link ExtensionStatus#SUCCESS_AND_CLOSE} or {@link ExtensionStatus#ERROR}.
     * @throws IllegalArgumentException for {@link ExtensionStatus#PENDING}.
     * @throws IllegalStateException when the request has already ended.
     */
    void doneWithSession(ExtensionStatus status);

    /** @return the id of the connection the request arrived on, unique while the server runs. */
    long connectionId();

    /** @return the request's position on its connection, from 0. */
    long requestSequence();
}
