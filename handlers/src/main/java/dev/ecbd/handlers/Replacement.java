package dev.ecbd.handlers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link StencilHandler} as the replacement (or condition) for a stencil tag:
 * {@code {{name}}}, {@code {{if name}}}, {@code {{while name}}}. Its signature is
 * {@code HttpCode name(StencilOutput out)}; a condition answers {@link HttpCode#SUCCESS} for true
 * and {@link HttpCode#S_FALSE} for false, and may not answer an async code.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Replacement
{
    /** @return the tag name; the method's name when empty. */
    String value() default "";
}
