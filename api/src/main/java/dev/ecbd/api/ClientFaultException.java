package dev.ecbd.api;

import java.io.IOException;

/**
 * A synchronous read or write failed because of the client, not the extension or the server: it
 * went away, it was too slow for the server's minimum data rate, or it sent a request body the
 * server refuses (malformed, or over the size limit). An extension may catch it to clean up, or let
 * it propagate: either way the server answers the status it chose for the fault (400, 413) when no
 * response has begun, or closes the connection, and logs no stack trace, since nothing on the
 * server needs fixing.
 */
public class ClientFaultException extends IOException
{
    private static final long serialVersionUID = 1L;

    public ClientFaultException(final String message)
    {
        super(message);
    }
}
