package dev.ecbd.dispatcher;

import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.RequestView;
import dev.ecbd.api.ResponseWriter;

/**
 * The I/O side of one request, implemented by the transport: the request as parsed, and the
 * response on its way to the connection. One exchange per ECB slot, reused for each request the
 * slot carries.
 *
 * <p>Every method but {@link #bind} and {@link #pathView} runs on the slot's worker thread (or on
 * the I/O thread running an inline request), between the dispatch of a request and
 * {@link #finish(SessionEnd)}; the dispatcher guarantees both (it checks the thread and the
 * generation before delegating an extension's call here). {@link #pathView} is called by the
 * admitting I/O thread, right after the transport filled the exchange.
 */
public interface Exchange extends RequestView, ResponseWriter
{
    /** Binds the exchange to the session of its slot; the dispatcher calls it once, at start-up. */
    void bind(EcbSession session);

    /** @return the raw request path as a view that allocates nothing; valid until the request ends. */
    CharSequence pathView();

    /**
     * Starts an asynchronous write of a copy of the bytes; reports its end through
     * {@link EcbSession#completeAsync} with the session's current generation.
     */
    void writeClientAsync(byte[] src, int offset, int length);

    /** As {@link #writeClientAsync(byte[], int, int)}, for the remaining bytes of {@code src}. */
    void writeClientAsync(java.nio.ByteBuffer src);

    /** Starts an asynchronous read of body bytes into {@code dst}; reports its end as {@link #writeClientAsync} does. */
    void readClientAsync(byte[] dst, int offset, int length);

    /** @return whether the connection stays open after this response, as things stand now. */
    boolean isKeepConnection();

    /** Makes the connection close once this response has been sent. */
    void closeConnection();

    /**
     * Starts a zero-copy file transmission; reports its end as {@link #writeClientAsync} does. A
     * {@linkplain FileTransmission#finalSend() final send} reports nothing: the exchange keeps it
     * (its file open) and sends it with the last batch of {@link #finish(SessionEnd)}, which
     * follows at once, or releases it if the request ends otherwise.
     */
    void transmitFile(FileTransmission transmission);

    /**
     * Ends the response: the last bytes, or an error response, go to the connection, and the
     * transport releases the slot through {@link EcbSession#recycle(StageLatencies, long)} once they are handed to the
     * connection (or the connection is gone). Called once per request.
     */
    void finish(SessionEnd end);
}
