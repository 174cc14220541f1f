package dev.ecbd.api;

/** Error codes an {@link IoCompletion} receives. */
public final class IoErrors
{
    /** The operation succeeded. */
    public static final int NONE = 0;

    /** The client closed the connection, or it broke, before the operation could finish. */
    public static final int CLIENT_DISCONNECTED = 1;

    /** The operation failed for another reason (a file that could not be read, for example). */
    public static final int IO_FAILED = 2;

    /**
     * The request body is malformed or larger than the server accepts. When the request ends
     * without a response the server answers it with 400 or 413, whatever the extension ends with,
     * and the connection closes.
     */
    public static final int REQUEST_BODY_REJECTED = 3;

    private IoErrors()
    {
    }

    /** @return a readable name for a code. */
    public static String name(final int errorCode)
    {
        return switch (errorCode)
        {
            case NONE -> "NONE";
            case CLIENT_DISCONNECTED -> "CLIENT_DISCONNECTED";
            case IO_FAILED -> "IO_FAILED";
            case REQUEST_BODY_REJECTED -> "REQUEST_BODY_REJECTED";
            default -> "UNKNOWN(" + errorCode + ")";
        };
    }
}
