package dev.ecbd.handlers;

import java.lang.invoke.MethodHandle;

/**
 * One rendering of a stencil for one request, resumable: an async code from a replacement method
 * returns control to the handler runtime, and the next {@link #resume} goes on where the code
 * says: {@code SUCCESS_ASYNC} and {@code SUCCESS_ASYNC_NOFLUSH} call the same method again, the
 * {@code _DONE} variants go on with the next token.
 */
final class StencilRun
{
    private final Stencil stencil;
    private final MethodHandle[] methods;
    private final Object handler;
    private final StencilOutput out = new StencilOutput();
    private int pc;

    StencilRun(final Stencil stencil, final Object handler)
    {
        this.stencil = stencil;
        this.handler = handler;
        this.methods = StencilBinding.of(stencil, handler.getClass());
    }

    /**
     * Renders until the end, an async code or an error code.
     *
     * @return {@link HttpCode#SUCCESS} at the end; {@link HttpCode#SUCCESS_ASYNC} or
     *         {@link HttpCode#SUCCESS_ASYNC_NOFLUSH} to be resumed; or an error code.
     */
    HttpCode resume(final HandlerContext context) throws Exception
    {
        out.bind(context);
        final int[] op = stencil.op;
        while (pc < op.length)
        {
            switch (op[pc])
            {
                case Stencil.TEXT ->
                {
                    final byte[] text = stencil.texts[stencil.arg[pc]];
                    context.write(text, 0, text.length);
                    pc++;
                }
                case Stencil.JUMP -> pc = stencil.jump[pc];
                case Stencil.CALL ->
                {
                    final HttpCode code = call();
                    switch (code.kind())
                    {
                        case SUCCESS, FALSE -> pc++;
                        case ASYNC, ASYNC_NOFLUSH ->
                        {
                            return code;
                        }
                        case ASYNC_DONE ->
                        {
                            pc++;
                            return HttpCode.SUCCESS_ASYNC;
                        }
                        case ASYNC_NOFLUSH_DONE ->
                        {
                            pc++;
                            return HttpCode.SUCCESS_ASYNC_NOFLUSH;
                        }
                        default ->
                        {
                            return code;
                        }
                    }
                }
                default ->
                {
                    final HttpCode code = call();
                    if (code.isAsync())
                    {
                        throw new StencilSyntaxException(stencil.where[pc], "condition '" + stencil.names[stencil.arg[pc]] + "' answered " + code
                            + "; conditions used by if and while may not go async");
                    }
                    if (code.kind() == HttpCode.Kind.ERROR)
                    {
                        return code;
                    }
                    pc = code.kind() == HttpCode.Kind.FALSE ? stencil.jump[pc] : pc + 1;
                }
            }
        }
        return HttpCode.SUCCESS;
    }

    private HttpCode call() throws Exception
    {
        final HttpCode code;
        try
        {
            code = (HttpCode)methods[stencil.arg[pc]].invokeExact(handler, out);
        }
        catch (final Exception | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new java.lang.reflect.UndeclaredThrowableException(ex);
        }
        if (code == null)
        {
            throw new StencilSyntaxException(stencil.where[pc], "'" + stencil.names[stencil.arg[pc]] + "' answered no code");
        }
        return code;
    }
}
