package dev.ecbd.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that an extension never blocks and finishes every request inside
 * {@link Extension#handle}: it answers {@link ExtensionStatus#SUCCESS},
 * {@link ExtensionStatus#SUCCESS_AND_CLOSE} or {@link ExtensionStatus#ERROR}, writes
 * synchronously, and starts no asynchronous operation. The server then runs it on the I/O thread
 * that read the request, with no hand-off to a worker (the "inline" mode): the cheapest path for
 * trivial responses, and a stall of every connection on that I/O thread if the promise is broken.
 * An inline extension that answers PENDING or starts an asynchronous operation fails the request
 * with a 500.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NonBlocking
{
}
