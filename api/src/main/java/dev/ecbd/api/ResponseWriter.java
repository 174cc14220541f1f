package dev.ecbd.api;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The response side of an ECB: ISAPI's {@code HSE_REQ_SEND_RESPONSE_HEADER_EX} and synchronous
 * {@code WriteClient}.
 *
 * <p>The server owns the response's framing: it writes the status line, {@code Date},
 * {@code Server}, and either {@code Content-Length} (when the whole body is known when the response
 * goes out) or {@code Transfer-Encoding: chunked}. An extension may set {@code Content-Length}
 * itself; it then must write exactly that many bytes.
 *
 * <p>A synchronous write copies the bytes into the response's pooled direct buffer and returns;
 * when that buffer passes its flush threshold, the write hands it to the connection and waits until
 * the connection can take more, so a slow client pushes back on the writer and the server never
 * holds more than about one buffer of a response in memory.
 */
public interface ResponseWriter
{
    /**
     * Sets the response status and header lines. Must come before the first write; if it does not
     * come at all, writes go out as {@code 200}.
     *
     * @param status an HTTP status code from 200 to 599.
     * @param headerLines zero or more complete header lines, each {@code Name: value\r\n}, for
     *        example {@code "Content-Type: text/plain\r\n"}. {@code Transfer-Encoding} is the
     *        server's and is refused.
     * @throws IllegalArgumentException for a bad status or a malformed header line.
     * @throws IllegalStateException when a header was already sent.
     */
    void sendResponseHeader(int status, CharSequence headerLines);

    /**
     * Writes body bytes, synchronously.
     *
     * @throws IOException when the client has gone away, or the body would exceed the
     *         {@code Content-Length} the extension declared.
     */
    void writeClient(byte[] src, int offset, int length) throws IOException;

    /**
     * Writes the remaining bytes of {@code src}, synchronously; {@code src}'s position moves to its
     * limit.
     *
     * @throws IOException as {@link #writeClient(byte[], int, int)} does.
     */
    void writeClient(ByteBuffer src) throws IOException;

    /** @return how many body bytes the extension has written so far. */
    long bytesWritten();

    /**
     * Reads request-body bytes beyond those available with the request, synchronously: waits
     * until at least one byte has arrived, the body has ended, or the client has gone. The first
     * read answers a client's {@code Expect: 100-continue}. Chunked bodies arrive de-chunked.
     *
     * @return how many bytes were read; 0 once the body has ended.
     * @throws IOException when the client has gone away or sent a malformed body.
     */
    int readClient(byte[] dst, int offset, int length) throws IOException;
}
