package dev.ecbd.handlers;

/**
 * A stencil that cannot be parsed or bound; the message starts with {@code file:line:column}.
 */
public final class StencilSyntaxException extends RuntimeException
{
    StencilSyntaxException(final String where, final String problem)
    {
        super(where + ": " + problem);
    }
}
