package dev.ecbd.dispatcher;

import dev.ecbd.api.ExtensionStatus;

/**
 * Why a request ended, as the transport needs to know to finish its response. Kept in the slot's
 * state word as {@link #code()} (see {@code EcbSlotDescriptor#endReason}).
 */
public enum SessionEnd
{
    /** The extension completed the response; keep the connection if HTTP allows. */
    SUCCESS,
    /** The extension completed the response and asked to close the connection. */
    SUCCESS_AND_CLOSE,
    /** The extension failed or threw: {@code 500} if nothing was sent yet, then close. */
    ERROR,
    /** The extension kept the ECB past the session timeout: {@code 504} if nothing was sent yet, then close. */
    TIMED_OUT,
    /** The server stopped while the extension kept the ECB: {@code 503} if nothing was sent yet, then close. */
    SHUT_DOWN;

    private static final SessionEnd[] BY_CODE = values();

    /** @return this reason's code in the state word, from 1; 0 means none. */
    public int code()
    {
        return ordinal() + 1;
    }

    /** @return the reason whose {@link #code()} is {@code code}. */
    public static SessionEnd ofCode(final int code)
    {
        return BY_CODE[code - 1];
    }

    /** @return the end a final extension status asks for. */
    public static SessionEnd of(final ExtensionStatus status)
    {
        return switch (status)
        {
            case SUCCESS -> SUCCESS;
            case SUCCESS_AND_CLOSE -> SUCCESS_AND_CLOSE;
            case ERROR -> ERROR;
            case PENDING -> throw new IllegalArgumentException("PENDING does not end a request");
        };
    }
}
