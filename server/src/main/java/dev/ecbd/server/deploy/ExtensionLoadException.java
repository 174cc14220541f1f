package dev.ecbd.server.deploy;

/** An extension package that could not be loaded; the message names it, its class and the reason, on one line. */
public final class ExtensionLoadException extends Exception
{
    private static final long serialVersionUID = 1L;

    ExtensionLoadException(final PackageSpec spec, final String reason, final Throwable cause)
    {
        super(spec.describe() + ", class " + spec.className() + ": " + reason, cause);
    }
}
