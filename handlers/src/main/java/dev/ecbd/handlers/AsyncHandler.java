package dev.ecbd.handlers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a request handler asynchronous: it may answer {@link HttpCode#SUCCESS_ASYNC} and
 * {@link HttpCode#SUCCESS_ASYNC_DONE}; with {@code explicitCalls = true} it may also start
 * asynchronous operations itself ({@link HandlerContext#sendFile}, {@link HandlerContext#await})
 * and answer the NOFLUSH codes. A handler that answers an async code it did not declare gets a
 * 500 and a log line naming it and the code. Undeclared handlers never pay for the machinery.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AsyncHandler
{
    /** @return whether the handler starts asynchronous operations of its own. */
    boolean explicitCalls() default false;
}
