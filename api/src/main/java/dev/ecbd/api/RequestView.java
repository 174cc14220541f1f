package dev.ecbd.api;

import java.net.InetSocketAddress;

/**
 * The request an ECB carries: what arrived with the request head, and the body bytes received with
 * it (ISAPI's {@code cbAvailable} and {@code lpbData}).
 *
 * <p>Strings are decoded from the request bytes when first asked for, so an extension that never
 * asks pays nothing. Body bytes are copied out, never lent: a view of the server's buffers could
 * outlive the request.
 */
public interface RequestView
{
    /** @return the request method as sent, for example {@code GET}. */
    String method();

    /** @return the path of the request target as sent (still percent-encoded), without the query. */
    String path();

    /** @return the query after {@code ?}, without it; empty when there is none. */
    String query();

    /** @return {@code HTTP/1.1} or {@code HTTP/1.0}. */
    String protocol();

    /**
     * @param name a header name, matched without regard to case.
     * @return the first value of that header with surrounding white space removed, or null.
     */
    String header(String name);

    /** @return how many header fields the request has. */
    int headerCount();

    /** @param index from 0 to {@link #headerCount()} - 1. @return that field's name as sent. */
    String headerName(int index);

    /** @param index from 0 to {@link #headerCount()} - 1. @return that field's value, trimmed. */
    String headerValue(int index);

    /** @return the client's address and port. */
    InetSocketAddress remoteAddress();

    /** @return the server's address and port the request arrived on. */
    InetSocketAddress localAddress();

    /** @return the declared {@code Content-Length}, or -1 when the request declared none. */
    long contentLength();

    /**
     * @return how many body bytes arrived with the request and can be copied out now (up to the
     *         server's read-ahead, 48 KiB; the whole body when it is smaller). The rest of the body
     *         is read with read-client.
     */
    int availableBodyLength();

    /**
     * Copies body bytes that arrived with the request.
     *
     * @param from the first byte to copy, from 0.
     * @param dst where to copy them.
     * @param dstOffset where in {@code dst} to start.
     * @param length the most bytes to copy.
     * @return how many bytes were copied: fewer than {@code length} only at the end of what arrived.
     */
    int copyAvailableBody(int from, byte[] dst, int dstOffset, int length);
}
