package dev.ecbd.server.deploy;

/**
 * The parent of every extension package's class loader: the JDK's platform classes, and the
 * server's own copy of {@code dev.ecbd.api} and {@code dev.ecbd.handlers}, so that an extension
 * and the server agree on the types they exchange. Nothing else of the server (Netty, Agrona,
 * JCTools, the server's classes) is visible: an extension carries its own libraries.
 */
final class SharedApiLoader extends ClassLoader
{
    private static final String[] SHARED_PACKAGES = {"dev.ecbd.api.", "dev.ecbd.handlers."};

    static
    {
        registerAsParallelCapable();
    }

    private final ClassLoader server;

    SharedApiLoader(final ClassLoader server)
    {
        super("ecbd-shared-api", ClassLoader.getPlatformClassLoader());
        this.server = server;
    }

    @Override
    protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
    {
        for (final String shared : SHARED_PACKAGES)
        {
            if (name.startsWith(shared))
            {
                return server.loadClass(name);
            }
        }
        return super.loadClass(name, resolve);
    }
}
