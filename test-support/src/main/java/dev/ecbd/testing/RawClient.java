package dev.ecbd.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a plain socket to 127.0.0.1, for tests that need exact bytes:
 * pipelining, malformed requests, connection closes. Reads block for at most 20 seconds, so a
 * server that never answers fails the test instead of hanging it.
 */
public final class RawClient implements AutoCloseable
{
    /** A response as read off the wire; header names lower-cased. */
    public record Response(int status, Map<String, String> headers, byte[] body)
    {
        public String text()
        {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(final String name)
        {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(final int port) throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends text as ISO-8859-1 bytes, as they are. */
    public RawClient send(final String raw) throws IOException
    {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(final byte[] raw) throws IOException
    {
        out.write(raw);
        out.flush();
        return this;
    }

    /** Sends {@code GET path} with a Host header. */
    public RawClient get(final String path) throws IOException
    {
        return send("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n");
    }

    /** Reads one response; HEAD responses need {@link #readHead()}. */
    public Response read() throws IOException
    {
        return read(false);
    }

    /** Reads one response to a HEAD request: head only, whatever its Content-Length says. */
    public Response readHead() throws IOException
    {
        return read(true);
    }

    private Response read(final boolean headOnly) throws IOException
    {
        final String statusLine = readLine();
        if (statusLine == null)
        {
            throw new IOException("connection closed before a response");
        }
        final String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1."))
        {
            throw new IOException("bad status line: " + statusLine);
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = readLine()).isEmpty())
        {
            final int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        final int status = Integer.parseInt(parts[1]);
        if (headOnly || status == 204 || status == 304 || status < 200)
        {
            return new Response(status, headers, new byte[0]);
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding")))
        {
            return new Response(status, headers, readChunked());
        }
        final String length = headers.get("content-length");
        return new Response(status, headers, length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length)));
    }

    private byte[] readChunked() throws IOException
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true)
        {
            final String sizeLine = readLine();
            if (sizeLine == null)
            {
                throw new java.io.EOFException("connection closed in the middle of a chunked body");
            }
            final int size = Integer.parseInt(sizeLine.trim(), 16);
            if (size == 0)
            {
                while (!readLine().isEmpty())
                {
                    continue;
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            if (!readLine().isEmpty())
            {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    /** @return whether the server closed the connection (end of stream) before sending anything more. */
    public boolean closedByServer() throws IOException
    {
        try
        {
            return in.read() == -1;
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    private String readLine() throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1)
        {
            if (b == '\n')
            {
                final byte[] bytes = line.toByteArray();
                final int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
