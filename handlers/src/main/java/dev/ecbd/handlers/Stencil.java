package dev.ecbd.handlers;

import java.util.List;

/**
 * A parsed stencil: a flat program of instructions, includes inlined. Immutable; shared by every
 * request that renders it.
 *
 * <ul>
 * <li>{@code TEXT i}: write text {@code i} as it is.</li>
 * <li>{@code CALL n}: call replacement method {@code n}.</li>
 * <li>{@code IF n j} and {@code WHILE n j}: call condition {@code n}; when false, go to {@code j}.</li>
 * <li>{@code JUMP j}: go to {@code j} ({@code else} jumps past {@code endif}, {@code endwhile}
 * back to its {@code while}).</li>
 * </ul>
 */
public final class Stencil
{
    static final int TEXT = 0;
    static final int CALL = 1;
    static final int IF = 2;
    static final int WHILE = 3;
    static final int JUMP = 4;

    final int[] op;
    final int[] arg;
    final int[] jump;
    final String[] where;
    final byte[][] texts;
    final String[] names;
    final List<java.nio.file.Path> sources;

    /** Method handles for {@link #names}, per handler class, bound at first use. */
    final java.util.concurrent.ConcurrentHashMap<Class<?>, java.lang.invoke.MethodHandle[]> bindings = new java.util.concurrent.ConcurrentHashMap<>();

    Stencil(final int[] op, final int[] arg, final int[] jump, final String[] where, final byte[][] texts, final String[] names,
        final List<java.nio.file.Path> sources)
    {
        this.op = op;
        this.arg = arg;
        this.jump = jump;
        this.where = where;
        this.texts = texts;
        this.names = names;
        this.sources = List.copyOf(sources);
    }

    /** @return every file the stencil was parsed from: itself and what it includes. */
    public List<java.nio.file.Path> sources()
    {
        return sources;
    }
}
