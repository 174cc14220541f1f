package dev.ecbd.transport;

import java.util.Locale;

/**
 * Why the server refused a client or closed its connection: each is the client's doing, answered
 * with a 4xx (or a close when no answer can go out), logged in at most one line at debug level,
 * and counted ({@link HttpServer#clientFaults(ClientFault)}).
 */
public enum ClientFault
{
    /** A request head that breaks RFC 9112 (400). */
    MALFORMED_HEAD(400),
    /** A request target longer than the limit (414). */
    URI_TOO_LONG(414),
    /** A request head longer than the limit, or with too many fields (431). */
    HEAD_TOO_LARGE(431),
    /** An HTTP version other than 1.0 and 1.1 (505). */
    UNSUPPORTED_VERSION(505),
    /** A transfer coding other than chunked (501). */
    UNSUPPORTED_CODING(501),
    /** An expectation other than {@code 100-continue} (417). */
    UNSUPPORTED_EXPECTATION(417),
    /** A request body longer than the limit (413). */
    BODY_TOO_LARGE(413),
    /** A chunked request body that breaks RFC 9112 §7.1 (400). */
    MALFORMED_BODY(400),
    /** A request head (with its read-ahead) not received within the head timeout (408). */
    HEAD_TIMEOUT(408),
    /** A request body arriving slower than the minimum rate (408, or a close). */
    SLOW_REQUEST_BODY(408),
    /** A client taking its responses slower than the minimum rate (the connection is closed). */
    SLOW_RESPONSE_READER(0);

    private final int status;

    ClientFault(final int status)
    {
        this.status = status;
    }

    /** @return the status the fault is answered with, or 0 when the connection just closes. */
    public int status()
    {
        return status;
    }

    /** @return the fault's name as a metrics label: {@code malformed_head}. */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the fault a request head refused with {@code status} is. */
    static ClientFault ofHeadStatus(final int status)
    {
        return switch (status)
        {
            case 414 -> URI_TOO_LONG;
            case 431 -> HEAD_TOO_LARGE;
            case 505 -> UNSUPPORTED_VERSION;
            case 501 -> UNSUPPORTED_CODING;
            case 417 -> UNSUPPORTED_EXPECTATION;
            case 413 -> BODY_TOO_LARGE;
            case 408 -> HEAD_TIMEOUT;
            default -> MALFORMED_HEAD;
        };
    }
}
