package dev.ecbd.handlers;

/**
 * A request handler that renders a stencil: the stencil's tags call this class's
 * {@link Replacement} methods. A subclass whose methods answer async codes declares itself with
 * {@link AsyncHandler}, as any handler does.
 */
public abstract class StencilHandler implements RequestHandler
{
    private StencilRun run;

    /** @return the stencil to render, typically from a {@link StencilCache}; called once per request. */
    protected abstract Stencil stencil();

    @Override
    public HttpCode handleRequest(final HandlerContext context) throws Exception
    {
        if (run == null)
        {
            run = new StencilRun(stencil(), this);
        }
        return run.resume(context);
    }
}
