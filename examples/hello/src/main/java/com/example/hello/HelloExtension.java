package com.example.hello;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionSettings;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.PlainTextResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * A deployed extension: greets with its {@code greeting} setting, says which build answered, and
 * shows a few of the ECB's server-support functions.
 *
 * <ul>
 * <li>{@code GET /hello} and {@code GET /hello/NAME}: a greeting, from this build.</li>
 * <li>{@code GET /hello/.whoami}: the server variables a CGI script would have seen.</li>
 * <li>{@code GET /hello/.home}: a redirect to {@code /}.</li>
 * </ul>
 */
public final class HelloExtension implements Extension
{
    private String greeting;
    private String build;

    @Override
    public void load(final ExtensionSettings settings) throws IOException
    {
        greeting = settings.get("greeting", "Hello");
        final Properties properties = new Properties();
        try (InputStream in = HelloExtension.class.getResourceAsStream("build.properties"))
        {
            properties.load(in);
        }
        build = properties.getProperty("build");
        System.getLogger(HelloExtension.class.getName()).log(System.Logger.Level.INFO, "hello {0} loaded as {1}", build, settings.name());
    }

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        final ExtensionStatus refused = PlainTextResponse.requireMethod(ecb, "GET", "HEAD");
        if (refused != null)
        {
            return refused;
        }
        switch (ecb.pathInfo())
        {
            case "", "/" -> PlainTextResponse.send(ecb, 200, "", greeting + ", world! (hello " + build + ")");
            case "/.home" -> ecb.sendRedirect("/");
            case "/.whoami" -> PlainTextResponse.send(ecb, 200, "", whoami(ecb));
            default -> PlainTextResponse.send(ecb, 200, "", greeting + ", " + ecb.pathInfo().substring(1) + "! (hello " + build + ")");
        }
        return ExtensionStatus.SUCCESS;
    }

    private static String whoami(final ExtensionControlBlock ecb)
    {
        final StringBuilder text = new StringBuilder();
        for (final String name : new String[] {"SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "REMOTE_ADDR", "HTTP_USER_AGENT"})
        {
            text.append(name).append('=').append(ecb.serverVariable(name)).append('\n');
        }
        return text.append("keep-alive=").append(ecb.isKeepConnection()).toString();
    }

    @Override
    public void unload()
    {
        System.getLogger(HelloExtension.class.getName()).log(System.Logger.Level.INFO, "hello {0} unloaded", build);
    }
}
