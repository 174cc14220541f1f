/**
 * The extension API of ecbd: what extension authors compile against.
 *
 * <p>An {@link dev.ecbd.api.Extension} is mapped to a URL prefix. The server calls it once per
 * request with an {@link dev.ecbd.api.ExtensionControlBlock} (ECB), the request's only handle on
 * the server, and the extension answers with an {@link dev.ecbd.api.ExtensionStatus}. An extension
 * that answers {@link dev.ecbd.api.ExtensionStatus#PENDING} keeps the ECB until it calls
 * {@link dev.ecbd.api.ExtensionControlBlock#doneWithSession(ExtensionStatus)}.
 *
 * <h2>Threads</h2>
 * Every ECB belongs to one worker thread for the whole request. The extension's entry point runs
 * there, and every ECB method except {@code doneWithSession} must be called there too; a call from
 * another thread fails with {@link java.lang.IllegalStateException}. {@code doneWithSession} may be
 * called from any thread, once.
 *
 * <h2>After the request</h2>
 * Once the request has ended (the entry point returned a success or error status, or
 * {@code doneWithSession} was called) every method of that ECB throws
 * {@link java.lang.IllegalStateException}; it can never reach a later request's data.
 */
package dev.ecbd.api;
