package dev.ecbd.server.accesslog;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Bytes of access-log lines on their way to the output: appended as ASCII, numbers or escaped
 * request text, written out when full or on {@link #flushTo}. The log writer's thread only.
 */
final class LineBuffer
{
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final byte[] bytes = new byte[64 * 1024];
    private int length;

    /** Makes room for one more line; a line is never longer than a quarter of the buffer. */
    void reserveLine(final OutputStream out) throws IOException
    {
        if (length > bytes.length * 3 / 4)
        {
            flushTo(out);
        }
    }

    void flushTo(final OutputStream out) throws IOException
    {
        if (length > 0)
        {
            out.write(bytes, 0, length);
            length = 0;
        }
        out.flush();
    }

    LineBuffer ascii(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            bytes[length++] = (byte)text.charAt(i);
        }
        return this;
    }

    LineBuffer ascii(final char c)
    {
        bytes[length++] = (byte)c;
        return this;
    }

    LineBuffer number(final long value)
    {
        if (value < 0)
        {
            return ascii('-').number(-value);
        }
        final int start = length;
        long rest = value;
        do
        {
            bytes[length++] = (byte)('0' + rest % 10);
            rest /= 10;
        }
        while (rest != 0);
        for (int i = start, j = length - 1; i < j; i++, j--)
        {
            final byte swap = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = swap;
        }
        return this;
    }

    /** Appends request text as nginx logs it: printable ASCII as is, and {@code \xHH} for quotes, backslashes and anything else. */
    LineBuffer logText(final byte[] text, final int textLength)
    {
        for (int i = 0; i < textLength; i++)
        {
            final int b = text[i] & 0xFF;
            if (b < 0x20 || b >= 0x7F || b == '"' || b == '\\')
            {
                ascii('\\').ascii('x').hex(b);
            }
            else
            {
                bytes[length++] = (byte)b;
            }
        }
        return this;
    }

    /** Appends request text inside a JSON string: bytes are Latin-1 characters, escaped as JSON requires. */
    LineBuffer jsonText(final byte[] text, final int textLength)
    {
        for (int i = 0; i < textLength; i++)
        {
            final int b = text[i] & 0xFF;
            if (b == '"' || b == '\\')
            {
                ascii('\\').bytes[length++] = (byte)b;
            }
            else if (b < 0x20 || b >= 0x7F)
            {
                ascii("\\u00").hex(b);
            }
            else
            {
                bytes[length++] = (byte)b;
            }
        }
        return this;
    }

    private LineBuffer hex(final int b)
    {
        bytes[length++] = HEX[b >>> 4];
        bytes[length++] = HEX[b & 0xF];
        return this;
    }
}
