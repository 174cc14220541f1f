package dev.ecbd.server.config;

/** A configuration that cannot be used; the message names the file, the line and the key, on one line. */
public final class ConfigException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    ConfigException(final String where, final String problem)
    {
        super(where + ": " + problem);
    }
}
