package dev.ecbd.api;

/**
 * Request-handling code hosted by ecbd: the counterpart of an ISAPI extension's
 * {@code HttpExtensionProc}, with {@code GetExtensionVersion} and {@code TerminateExtension} as
 * {@link #load} and {@link #unload}.
 *
 * <p>An extension instance serves every request mapped to it, on every worker at once, so it must
 * be thread-safe; per-request state belongs in locals or in the context object given to
 * {@link ExtensionControlBlock#ioCompletion}. {@code handle} runs on the ECB's worker thread and
 * should not block: a blocked worker stalls every other request queued to it.
 *
 * <h2>Deployed extensions</h2>
 * A class named in the configuration must be public, with a public no-argument constructor. Its
 * package (a jar, or a directory of jars) gets a class loader of its own that sees the JDK, this
 * API and {@code dev.ecbd.handlers}, and nothing else of the server's. The server calls
 * {@link #load} once, before the first request; a replaced version gets {@link #unload} once its
 * last request has ended, and its class loader is closed after that.
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

    /**
     * ISAPI's {@code GetExtensionVersion}: called once, on a server thread, before any request
     * reaches this instance.
     *
     * @param settings the extension's entry in the configuration.
     * @throws Exception refuses the load: at start-up the server stops with the reason; on a
     *         reload the previous version keeps serving.
     */
    default void load(final ExtensionSettings settings) throws Exception
    {
    }

    /**
     * ISAPI's {@code TerminateExtension}: called once, on a server thread, after the last request
     * of this instance has ended (the version was replaced, or the server is stopping). Release
     * threads and files here: the class loader is closed next.
     */
    default void unload()
    {
    }
}
