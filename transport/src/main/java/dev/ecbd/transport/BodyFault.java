package dev.ecbd.transport;

/**
 * Why the server refuses a request body: malformed chunked encoding (400), more than the size
 * limit (413), or too slow (408). Thrown and caught on the connection's I/O thread; carries no stack
 * trace, since it is the client's doing.
 */
final class BodyFault extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int status;

    BodyFault(final String message)
    {
        this(400, message);
    }

    BodyFault(final int status, final String message)
    {
        super(message, null, false, false);
        this.status = status;
    }

    /** @return the status that answers the request: 400, 408 or 413. */
    int status()
    {
        return status;
    }

    /** @return the fault to count. */
    ClientFault kind()
    {
        return switch (status)
        {
            case 413 -> ClientFault.BODY_TOO_LARGE;
            case 408 -> ClientFault.SLOW_REQUEST_BODY;
            default -> ClientFault.MALFORMED_BODY;
        };
    }
}
