package dev.ecbd.handlers;

import dev.ecbd.api.ClientFaultException;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.IoCompletion;
import dev.ecbd.api.IoErrors;

/**
 * One request through one handler: calls {@code handleRequest}, carries out the code it answers,
 * and, for an async code, calls it again from the ECB's completion callback, on the same worker.
 * The ECB's rule of one asynchronous operation at a time is what keeps two calls from overlapping:
 * the next call happens only in the completion of the operation the last one started.
 */
final class HandlerRun implements IoCompletion
{
    private static final System.Logger LOG = System.getLogger(HandlerRun.class.getName());

    private final ExtensionControlBlock ecb;
    private final RequestHandler handler;
    private final Declaration declaration;
    private final HandlerContext context;
    private boolean callbackRegistered;
    private boolean closeOnCompletion;

    HandlerRun(final ExtensionControlBlock ecb, final RequestHandler handler, final Declaration declaration)
    {
        this.ecb = ecb;
        this.handler = handler;
        this.declaration = declaration;
        this.context = new HandlerContext(ecb, this);
    }

    /** First call, from the extension's entry point. */
    ExtensionStatus start() throws java.io.IOException
    {
        return step();
    }

    @Override
    public void onCompletion(final ExtensionControlBlock ignored, final Object unused, final long bytes, final int errorCode) throws Exception
    {
        if (errorCode != IoErrors.NONE)
        {
            end(ExtensionStatus.ERROR);
            return;
        }
        if (closeOnCompletion)
        {
            end(ExtensionStatus.SUCCESS_AND_CLOSE);
            return;
        }
        final ExtensionStatus status = step();
        if (status != ExtensionStatus.PENDING)
        {
            end(status);
        }
    }

    /** Calls the handler once and carries out its code. @return the request's status so far. */
    private ExtensionStatus step() throws java.io.IOException
    {
        HttpCode code;
        try
        {
            code = handler.handleRequest(context);
        }
        catch (final ClientFaultException ex)
        {
            LOG.log(System.Logger.Level.DEBUG, "handler {0}: {1}", handler.getClass().getName(), ex.getMessage());
            return ExtensionStatus.ERROR;
        }
        catch (final Exception ex)
        {
            LOG.log(System.Logger.Level.WARNING, "handler " + handler.getClass().getName() + " failed; answering 500", ex);
            return fail(500, "the handler failed");
        }
        if (code == null)
        {
            LOG.log(System.Logger.Level.WARNING, "handler {0} answered no code; answering 500", handler.getClass().getName());
            return fail(500, "the handler answered no code");
        }
        final boolean started = context.takeAsyncStarted();
        switch (code.kind())
        {
            case SUCCESS, FALSE ->
            {
                context.flushBuffered();
                context.release();
                return ExtensionStatus.SUCCESS;
            }
            case ERROR ->
            {
                return fail(code.status(), "the handler answered " + code.status());
            }
            case ASYNC, ASYNC_DONE ->
            {
                if (!declaration.async())
                {
                    return undeclared(code, "@AsyncHandler");
                }
                registerCompletion();
                closeOnCompletion = code.kind() == HttpCode.Kind.ASYNC_DONE;
                context.flushBufferedAsync();
                return ExtensionStatus.PENDING;
            }
            default ->
            {
                if (!declaration.explicitCalls())
                {
                    return undeclared(code, "@AsyncHandler(explicitCalls = true)");
                }
                if (!started)
                {
                    LOG.log(System.Logger.Level.WARNING, "handler {0} answered {1} without starting an asynchronous operation; answering 500",
                        handler.getClass().getName(), code);
                    return fail(500, "the handler answered " + code + " without starting an asynchronous operation");
                }
                closeOnCompletion = code.kind() == HttpCode.Kind.ASYNC_NOFLUSH_DONE;
                return ExtensionStatus.PENDING;
            }
        }
    }

    private ExtensionStatus undeclared(final HttpCode code, final String declarationNeeded) throws java.io.IOException
    {
        LOG.log(System.Logger.Level.WARNING, "handler {0} answered {1} but is not declared {2}; answering 500",
            handler.getClass().getName(), code, declarationNeeded);
        return fail(500, "the handler answered " + code + " without declaring " + declarationNeeded);
    }

    private ExtensionStatus fail(final int status, final String message) throws java.io.IOException
    {
        final boolean answered = context.sendError(status, message);
        context.release();
        return answered ? ExtensionStatus.SUCCESS : ExtensionStatus.ERROR;
    }

    /** Ends the request from a completion: what is still buffered goes out first, unless it failed. */
    private void end(final ExtensionStatus status) throws java.io.IOException
    {
        try
        {
            if (status != ExtensionStatus.ERROR)
            {
                context.flushBuffered();
            }
        }
        finally
        {
            context.release();
            ecb.doneWithSession(status);
        }
    }

    void registerCompletion()
    {
        if (!callbackRegistered)
        {
            ecb.ioCompletion(this, null);
            callbackRegistered = true;
        }
    }

    void requireExplicitCalls(final String operation)
    {
        if (!declaration.explicitCalls())
        {
            throw new IllegalStateException(operation + ": handler " + handler.getClass().getName()
                + " makes explicit asynchronous calls but is not declared @AsyncHandler(explicitCalls = true)");
        }
    }
}
