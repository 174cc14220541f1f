package dev.ecbd.api;

import java.nio.file.Path;
import java.util.Locale;

/** Computes ISAPI's server variables from an ECB's accessors; see {@link ServerSupport#serverVariable}. */
final class ServerVariables
{
    private static final String HEADER_PREFIX = "HTTP_";

    private ServerVariables()
    {
    }

    static String lookup(final ServerSupport ecb, final String name)
    {
        return switch (name)
        {
            case "ALL_HTTP" -> allHttp(ecb);
            case "ALL_RAW" -> allRaw(ecb);
            case "CONTENT_LENGTH" -> ecb.contentLength() < 0 ? null : Long.toString(ecb.contentLength());
            case "CONTENT_TYPE" -> ecb.header("Content-Type");
            case "HTTPS" -> "off";
            case "LOCAL_ADDR" -> ecb.localAddress().getAddress().getHostAddress();
            case "PATH_INFO" -> ecb.pathInfo();
            case "PATH_TRANSLATED" -> pathTranslated(ecb);
            case "QUERY_STRING" -> ecb.query();
            case "REMOTE_ADDR", "REMOTE_HOST" -> ecb.remoteAddress().getAddress().getHostAddress();
            case "REMOTE_PORT" -> Integer.toString(ecb.remoteAddress().getPort());
            case "REQUEST_METHOD" -> ecb.method();
            case "SCRIPT_NAME" -> ecb.mappedPrefix();
            case "SERVER_NAME" -> ecb.serverName();
            case "SERVER_PORT" -> Integer.toString(ecb.localAddress().getPort());
            case "SERVER_PORT_SECURE" -> "0";
            case "SERVER_PROTOCOL" -> ecb.protocol();
            case "SERVER_SOFTWARE" -> "ecbd";
            case "URL" -> ecb.path();
            default -> name.startsWith(HEADER_PREFIX) && name.length() > HEADER_PREFIX.length()
                ? ecb.header(name.substring(HEADER_PREFIX.length()).replace('_', '-'))
                : null;
        };
    }

    /** @return every header as {@code HTTP_NAME:value}, one a line, names upper-cased with {@code _} for {@code -}. */
    private static String allHttp(final ServerSupport ecb)
    {
        final StringBuilder all = new StringBuilder();
        for (int i = 0; i < ecb.headerCount(); i++)
        {
            all.append(HEADER_PREFIX).append(ecb.headerName(i).toUpperCase(Locale.ROOT).replace('-', '_'))
                .append(':').append(ecb.headerValue(i)).append('\n');
        }
        return all.toString();
    }

    /** @return every header as sent, {@code Name: value\r\n}. */
    private static String allRaw(final ServerSupport ecb)
    {
        final StringBuilder all = new StringBuilder();
        for (int i = 0; i < ecb.headerCount(); i++)
        {
            all.append(ecb.headerName(i)).append(": ").append(ecb.headerValue(i)).append("\r\n");
        }
        return all.toString();
    }

    private static String pathTranslated(final ServerSupport ecb)
    {
        final String pathInfo = ecb.pathInfo();
        final Path path = ecb.mapUrlToPath(pathInfo.isEmpty() ? "/" : pathInfo);
        return path == null ? null : path.toString();
    }
}
