package dev.ecbd.handlers;

/**
 * Where a replacement method writes: the handler's buffered response. Text is HTML-escaped unless
 * written with {@link #writeRaw}.
 */
public final class StencilOutput
{
    private HandlerContext context;

    StencilOutput bind(final HandlerContext context)
    {
        this.context = context;
        return this;
    }

    /** Appends text, HTML-escaped. */
    public StencilOutput write(final CharSequence text)
    {
        context.writeEscaped(text);
        return this;
    }

    /** Appends markup as it is. */
    public StencilOutput writeRaw(final CharSequence markup)
    {
        context.write(markup);
        return this;
    }

    /** @return the request's context, for the request itself and explicit asynchronous calls. */
    public HandlerContext context()
    {
        return context;
    }
}
