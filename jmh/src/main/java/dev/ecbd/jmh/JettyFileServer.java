package dev.ecbd.jmh;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;

import java.nio.file.Path;

/**
 * A file-serving baseline: Jetty 12's {@code ResourceHandler} over a document root, with Jetty's
 * defaults (its content cache, its thread pool, one selector per two CPUs it may use), on
 * 127.0.0.1, plain HTTP/1.1. {@code bench/run} starts it on one CPU, as it starts ecbd and nginx.
 *
 * <p>Usage: {@code java -cp jmh/target/benchmarks.jar dev.ecbd.jmh.JettyFileServer PORT DOCROOT}.
 */
public final class JettyFileServer
{
    private JettyFileServer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length != 2)
        {
            throw new IllegalArgumentException("usage: JettyFileServer PORT DOCROOT");
        }
        final Server server = new Server();
        final ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        final ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(files).newResource(Path.of(args[1]).toAbsolutePath()));
        files.setDirAllowed(false);
        server.setHandler(files);
        server.start();
        System.out.println("jetty " + Server.getVersion() + " serving " + args[1] + " on 127.0.0.1:" + connector.getLocalPort());
        server.join();
    }
}
