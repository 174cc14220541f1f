package dev.ecbd.server;

import java.lang.reflect.Proxy;

/**
 * The signals ecbd acts on besides SIGTERM and SIGINT (which drain it, through the shutdown hook),
 * through {@code sun.misc.Signal} of the {@code jdk.unsupported} module: the JDK's only way to
 * handle a signal. It is reached by reflection because javac's warning about it cannot be
 * suppressed and the build treats warnings as errors.
 */
final class Signals
{
    private static final System.Logger LOG = System.getLogger(Signals.class.getName());

    private Signals()
    {
    }

    /** Runs {@code action} on each SIGHUP, on the JVM's signal thread; it must return quickly. */
    static void onHangUp(final Runnable action)
    {
        on("HUP", action);
    }

    /** Runs {@code action} on each SIGUSR1, on the JVM's signal thread; it must return quickly. */
    static void onUserSignal1(final Runnable action)
    {
        on("USR1", action);
    }

    private static void on(final String name, final Runnable action)
    {
        try
        {
            final Class<?> signalType = Class.forName("sun.misc.Signal");
            final Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            final Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerType}, (proxy, method, args) ->
            {
                if (method.getName().equals("handle"))
                {
                    action.run();
                    return null;
                }
                return method.getName().equals("toString") ? "ecbd SIG" + name + " handler" : method.invoke(action, args);
            });
            signalType.getMethod("handle", signalType, handlerType).invoke(null, signalType.getConstructor(String.class).newInstance(name), handler);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "SIG{0} cannot be handled in this JVM ({1}); it does nothing", name, ex.toString());
        }
    }
}
