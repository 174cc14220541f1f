package dev.ecbd.handlers;

/**
 * A stencil that cannot be parsed or bound; the message starts with {@code file:line:column}.
 */
public final class StencilSyntaxException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    StencilSyntaxException(final String where, final String problem)
    {
        super(where + ": " + problem);
    }
}
