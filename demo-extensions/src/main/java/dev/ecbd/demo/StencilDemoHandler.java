package dev.ecbd.demo;

import dev.ecbd.handlers.AsyncHandler;
import dev.ecbd.handlers.HttpCode;
import dev.ecbd.handlers.Replacement;
import dev.ecbd.handlers.Stencil;
import dev.ecbd.handlers.StencilCache;
import dev.ecbd.handlers.StencilHandler;
import dev.ecbd.handlers.StencilOutput;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /demo/stencil}: renders {@code demo.html}. It flushes the page's head at once
 * ({@code SUCCESS_ASYNC_DONE}), waits on an asynchronous call to a slow "service" (a future
 * completed 200 ms later on another thread: {@code SUCCESS_ASYNC_NOFLUSH}, then the same method
 * again), and renders the rest with a loop and a condition. One instance per request.
 */
@AsyncHandler(explicitCalls = true)
public final class StencilDemoHandler extends StencilHandler
{
    private static final Executor SLOW_SERVICE = CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS);
    private static final List<String> ITEMS = List.of("an ECB per request, off-heap", "handlers answering async codes", "stencils that wait without a thread");

    private final StencilCache stencils;
    private CompletableFuture<String> quote;
    private int item = -1;

    public StencilDemoHandler(final StencilCache stencils)
    {
        this.stencils = stencils;
    }

    @Override
    protected Stencil stencil()
    {
        return stencils.get("demo.html");
    }

    @Replacement
    HttpCode title(final StencilOutput out)
    {
        out.write("ecbd <stencil> demo");
        return HttpCode.SUCCESS;
    }

    @Replacement
    HttpCode flushHead(final StencilOutput out)
    {
        return HttpCode.SUCCESS_ASYNC_DONE;
    }

    @Replacement
    HttpCode quote(final StencilOutput out)
    {
        if (quote == null)
        {
            quote = CompletableFuture.supplyAsync(() -> "The best way to predict the future is to invent it.", SLOW_SERVICE);
            out.context().await(quote);
            return HttpCode.SUCCESS_ASYNC_NOFLUSH;
        }
        out.write(quote.join());
        return HttpCode.SUCCESS;
    }

    @Replacement
    HttpCode nextItem(final StencilOutput out)
    {
        return ++item < ITEMS.size() ? HttpCode.SUCCESS : HttpCode.S_FALSE;
    }

    @Replacement("item")
    HttpCode currentItem(final StencilOutput out)
    {
        out.write(ITEMS.get(item));
        return HttpCode.SUCCESS;
    }

    @Replacement
    HttpCode evenSecond(final StencilOutput out)
    {
        return System.currentTimeMillis() / 1000 % 2 == 0 ? HttpCode.SUCCESS : HttpCode.S_FALSE;
    }

    @Replacement
    HttpCode requestPath(final StencilOutput out)
    {
        out.write(out.context().request().path());
        return HttpCode.SUCCESS;
    }
}
