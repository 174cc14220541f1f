package dev.ecbd.api;

/**
 * An extension's I/O-completion callback (ISAPI's {@code PFN_HSE_IO_COMPLETION}), registered with
 * {@link ExtensionControlBlock#ioCompletion(IoCompletion, Object)}.
 *
 * <p>Called once per asynchronous operation, on the ECB's worker thread, when the operation is
 * done. Inside it the extension may start the next asynchronous operation, write synchronously,
 * or end the session. A callback that throws ends the request as {@link ExtensionStatus#ERROR}.
 * No completion is delivered for an operation still in flight when the session ends.
 */
@FunctionalInterface
public interface IoCompletion
{
    /**
     * @param ecb the ECB the operation ran on.
     * @param context the object registered with the callback.
     * @param bytesTransferred bytes written, sent or read; 0 for a read means the body has ended
     *        ({@code errorCode} {@link IoErrors#NONE}) or the client went away (any other code).
     * @param errorCode {@link IoErrors#NONE}, or why the operation failed.
     */
    void onCompletion(ExtensionControlBlock ecb, Object context, long bytesTransferred, int errorCode) throws Exception;
}
