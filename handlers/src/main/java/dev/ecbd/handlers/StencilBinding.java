package dev.ecbd.handlers;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/** Binds a stencil's tag names to a handler class's {@link Replacement} methods, once per class. */
final class StencilBinding
{
    private static final MethodType SHAPE = MethodType.methodType(HttpCode.class, Object.class, StencilOutput.class);

    private StencilBinding()
    {
    }

    /** @throws StencilSyntaxException naming where a tag has no method, or a method's bad shape. */
    static MethodHandle[] of(final Stencil stencil, final Class<?> handlerClass)
    {
        return stencil.bindings.computeIfAbsent(handlerClass, type -> bind(stencil, type));
    }

    private static MethodHandle[] bind(final Stencil stencil, final Class<?> handlerClass)
    {
        final Map<String, Method> methods = new HashMap<>();
        for (Class<?> type = handlerClass; type != null && type != Object.class; type = type.getSuperclass())
        {
            for (final Method method : type.getDeclaredMethods())
            {
                final Replacement replacement = method.getAnnotation(Replacement.class);
                if (replacement != null)
                {
                    methods.putIfAbsent(replacement.value().isEmpty() ? method.getName() : replacement.value(), method);
                }
            }
        }
        final MethodHandle[] handles = new MethodHandle[stencil.names.length];
        for (int i = 0; i < handles.length; i++)
        {
            final String name = stencil.names[i];
            final Method method = methods.get(name);
            if (method == null)
            {
                throw new StencilSyntaxException(firstUse(stencil, i), "no @Replacement method '" + name + "' on " + handlerClass.getName());
            }
            if (method.getReturnType() != HttpCode.class || method.getParameterCount() != 1 || method.getParameterTypes()[0] != StencilOutput.class)
            {
                throw new StencilSyntaxException(firstUse(stencil, i), "replacement method " + handlerClass.getName() + "." + method.getName()
                    + " must be declared 'HttpCode " + method.getName() + "(StencilOutput out)'");
            }
            try
            {
                method.setAccessible(true);
                handles[i] = MethodHandles.lookup().unreflect(method).asType(SHAPE);
            }
            catch (final IllegalAccessException | RuntimeException ex)
            {
                throw new StencilSyntaxException(firstUse(stencil, i), "cannot call " + method + ": " + ex.getMessage());
            }
        }
        return handles;
    }

    private static String firstUse(final Stencil stencil, final int nameIndex)
    {
        for (int pc = 0; pc < stencil.op.length; pc++)
        {
            if (stencil.op[pc] != Stencil.TEXT && stencil.op[pc] != Stencil.JUMP && stencil.arg[pc] == nameIndex)
            {
                return stencil.where[pc];
            }
        }
        return "?";
    }
}
