package dev.ecbd.api;

import java.nio.file.Path;

/**
 * The server-support functions of an ECB: ISAPI's {@code ServerSupportFunction} requests and
 * {@code GetServerVariable}, those that still make sense for an HTTP/1.1 server, each named in its
 * javadoc. Worker thread only, as every ECB method but {@code doneWithSession}.
 */
public interface ServerSupport extends RequestView, ResponseWriter
{
    /**
     * @return the URL prefix the extension is mapped under, without a trailing {@code /}: the
     *         {@code SCRIPT_NAME} server variable; empty for the prefix {@code /}.
     */
    String mappedPrefix();

    /**
     * @return the rest of the path after {@link #mappedPrefix()}, still percent-encoded: the
     *         {@code PATH_INFO} server variable; empty or starting with {@code /}.
     */
    default String pathInfo()
    {
        return path().substring(mappedPrefix().length());
    }

    /** @return {@code http}: ecbd speaks plain HTTP/1.1; TLS ends in front of it. */
    default String scheme()
    {
        return "http";
    }

    /**
     * @return the {@code SERVER_NAME} server variable: the host the client asked for in
     *         {@code Host}, without its port; the local address when the request had no
     *         {@code Host} (HTTP/1.0).
     */
    default String serverName()
    {
        final String host = header("Host");
        if (host == null || host.isEmpty())
        {
            return localAddress().getAddress().getHostAddress();
        }
        final int portColon = host.lastIndexOf(':');
        return portColon > host.lastIndexOf(']') ? host.substring(0, portColon) : host;
    }

    /** @return the extension's own settings, from its entry in the configuration. */
    ExtensionSettings settings();

    /**
     * {@code HSE_REQ_IS_KEEP_CONN}.
     *
     * @return whether the connection stays open after this response, as things stand now: false
     *         once the client, the extension or a server drain asked for a close.
     */
    boolean isKeepConnection();

    /**
     * {@code HSE_REQ_CLOSE_CONNECTION}: the connection closes as soon as this response has been
     * sent, whatever the status the extension ends with. Requests the client pipelined behind this
     * one are not answered.
     */
    void closeConnection();

    /**
     * {@code HSE_REQ_SEND_URL_REDIRECT_RESP}: answers {@code 302 Found} with {@code location} and
     * an empty body. Must come before anything else was sent; the extension then ends the request
     * as usual.
     *
     * @param location an absolute URL or a path, sent as is.
     * @throws IllegalArgumentException for a location with a character a header may not hold.
     * @throws IllegalStateException when a header was already sent.
     */
    default void sendRedirect(final String location)
    {
        if (location.isEmpty())
        {
            throw new IllegalArgumentException("a redirect needs a location");
        }
        sendResponseHeader(302, "Location: " + HttpFields.requireFieldValue(location) + "\r\nContent-Length: 0\r\n");
    }

    /**
     * {@code HSE_REQ_MAP_URL_TO_PATH}: where a URL path would be under the document root. The path
     * is percent-decoded and normalised; the file need not exist.
     *
     * @param urlPath a path starting with {@code /}, percent-encoded as in a request.
     * @return the file's path, or null when the server has no document root, or the path is
     *         malformed or would leave the document root.
     */
    Path mapUrlToPath(String urlPath);

    /**
     * ISAPI's {@code GetServerVariable}. Known names: {@code ALL_HTTP}, {@code ALL_RAW},
     * {@code CONTENT_LENGTH}, {@code CONTENT_TYPE}, {@code HTTPS}, {@code HTTP_}<i>NAME</i> (a
     * request header, {@code _} for {@code -}), {@code LOCAL_ADDR}, {@code PATH_INFO},
     * {@code PATH_TRANSLATED}, {@code QUERY_STRING}, {@code REMOTE_ADDR}, {@code REMOTE_HOST},
     * {@code REMOTE_PORT}, {@code REQUEST_METHOD}, {@code SCRIPT_NAME}, {@code SERVER_NAME},
     * {@code SERVER_PORT}, {@code SERVER_PORT_SECURE}, {@code SERVER_PROTOCOL},
     * {@code SERVER_SOFTWARE} and {@code URL}.
     *
     * @return the variable's value; null for an unknown name, or a header the request lacks.
     */
    default String serverVariable(final String name)
    {
        return ServerVariables.lookup(this, name);
    }
}
