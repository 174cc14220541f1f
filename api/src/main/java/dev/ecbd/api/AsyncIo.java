package dev.ecbd.api;

import java.nio.ByteBuffer;

/**
 * Asynchronous I/O on an ECB (ISAPI's {@code HSE_IO_ASYNC} writes and
 * {@code HSE_REQ_TRANSMIT_FILE}).
 *
 * <p>Each operation returns at once and is reported by exactly one call of the callback registered
 * with {@link #ioCompletion(IoCompletion, Object)}. <b>One operation at a time:</b> starting a
 * second while one is in flight fails with {@link IllegalStateException} and leaves the first
 * untouched, and so does starting one with no callback registered. An extension that starts an
 * operation returns {@link ExtensionStatus#PENDING} (or is inside a completion callback) and ends
 * the request with {@code doneWithSession} once it is done.
 */
public interface AsyncIo
{
    /**
     * Registers the callback for this ECB's asynchronous operations; registering again replaces it.
     *
     * @param callback called once per operation, on the ECB's worker.
     * @param context handed to every call of {@code callback}; may be null.
     */
    void ioCompletion(IoCompletion callback, Object context);

    /**
     * Writes body bytes asynchronously: they are copied before this returns, and the completion
     * reports {@code length} bytes once they have been handed to the socket.
     *
     * @throws IllegalStateException when an operation is in flight or no callback is registered.
     */
    void writeClientAsync(byte[] src, int offset, int length);

    /** As {@link #writeClientAsync(byte[], int, int)}, for the remaining bytes of {@code src}. */
    void writeClientAsync(ByteBuffer src);

    /**
     * Sends a file region with optional bytes around it, zero-copy ({@code sendfile} on epoll and
     * NIO, {@code splice} on io_uring); always asynchronous. The completion reports the bytes sent:
     * head, file region and tail.
     *
     * <p>A {@linkplain FileTransmission#finalSend() final send} ends the request instead: no
     * callback, no completion; the handle is stale once it returns, and what the extension answers
     * afterwards is ignored. It is the one asynchronous operation an inline ({@link NonBlocking})
     * extension may start, and it is how a file request crosses between threads least: the last
     * bytes leave from the I/O thread with no round trip to the worker.
     *
     * @throws IllegalStateException when an operation is in flight or no callback is registered
     *         (a final send needs none).
     * @throws java.io.UncheckedIOException when the file cannot be opened or the region lies
     *         outside it.
     */
    void transmitFile(FileTransmission transmission);

    /**
     * Reads request-body bytes beyond those available with the request, asynchronously, into
     * {@code dst}, which the extension must leave alone until the completion. The completion
     * reports how many bytes were read: 0 with {@link IoErrors#NONE} once the body has ended, 0
     * with another code when the client went away or sent a malformed body.
     *
     * @throws IllegalStateException when an operation is in flight or no callback is registered.
     */
    void readClientAsync(byte[] dst, int offset, int length);

    /**
     * Waits, asynchronously, for work outside the server (a call to another service, say): an
     * operation like the others, whose completion comes on the ECB's worker once {@code stage}
     * completes, on whatever thread. The completion reports 0 bytes and {@link IoErrors#NONE} when
     * the stage completed normally, {@link IoErrors#IO_FAILED} when it completed exceptionally;
     * the extension reads the stage's result itself.
     *
     * @throws IllegalStateException when an operation is in flight or no callback is registered.
     */
    void completeWhen(java.util.concurrent.CompletionStage<?> stage);

    /** @return whether an asynchronous operation is in flight on this ECB. */
    boolean asyncInFlight();
}
