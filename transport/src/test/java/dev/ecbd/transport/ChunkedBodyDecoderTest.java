package dev.ecbd.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The chunked decoder (RFC 9112 §7.1) as a pure function, whole and one byte at a time. */
class ChunkedBodyDecoderTest
{
    private static final long MAX_BODY = 64;

    /** Decodes {@code encoded}, handing the decoder {@code step} more bytes at a time. */
    private static String decode(final String encoded, final int step)
    {
        final byte[] bytes = encoded.getBytes(StandardCharsets.ISO_8859_1);
        final ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(MAX_BODY);
        decoder.reset();
        final ByteBuf in = Unpooled.buffer();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final byte[] dst = new byte[7];
        int fed = 0;
        while (!decoder.ended())
        {
            if (fed == bytes.length)
            {
                throw new AssertionError("the body did not end: " + encoded);
            }
            final int n = Math.min(step, bytes.length - fed);
            in.writeBytes(bytes, fed, n);
            fed += n;
            int produced;
            while ((produced = decoder.read(in, dst, 0, dst.length)) > 0)
            {
                body.write(dst, 0, produced);
            }
        }
        assertEquals(fed, bytes.length, "bytes left over after the body ended");
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> wellFormed()
    {
        return Stream.of(
            arguments("one chunk", "5\r\nhello\r\n0\r\n\r\n", "hello"),
            arguments("several chunks", "2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n", "hello"),
            arguments("upper-case hex", "A\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
            arguments("leading zeros", "0005\r\nhello\r\n0\r\n\r\n", "hello"),
            arguments("an extension", "5;name=value\r\nhello\r\n0\r\n\r\n", "hello"),
            arguments("a quoted extension", "5;name=\"a b\"\r\nhello\r\n0\r\n\r\n", "hello"),
            arguments("a quoted extension with an escaped quote", "5;n=\"a\\\"b\"\r\nhello\r\n0\r\n\r\n", "hello"),
            arguments("extensions with white space around them", "5 ; a = b ;c\r\nhello\r\n0\r\n\r\n", "hello"),
            arguments("trailer fields", "5\r\nhello\r\n0\r\nX-Checksum: 1\r\nY: 2\r\n\r\n", "hello"),
            arguments("an empty body", "0\r\n\r\n", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void shouldDecodeWholeAndByteByByte(final String what, final String encoded, final String body)
    {
        assertEquals(body, decode(encoded, encoded.length()), what);
        assertEquals(body, decode(encoded, 1), what + ", one byte at a time");
    }

    static Stream<Arguments> malformed()
    {
        return Stream.of(
            arguments("a size that is not hex", "z\r\n", "does not start with a hex size"),
            arguments("a negative size", "-5\r\nhello\r\n0\r\n\r\n", "does not start with a hex size"),
            arguments("a 0x prefix", "0x5\r\nhello\r\n0\r\n\r\n", "chunk extension"),
            arguments("a size that overflows", "1234567890abcdef\r\n", "more than 15 hex digits"),
            arguments("a bare LF after the size", "5\nhello\r\n0\r\n\r\n", "bare LF"),
            arguments("data longer than its size", "5\r\nhelloX\r\n0\r\n\r\n", "not followed by CRLF"),
            arguments("data without its CRLF", "5\r\nhello0\r\n\r\n", "not followed by CRLF"),
            // RFC 9112 §7.1.1: chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ).
            arguments("a control byte in an extension", "5;a=\u0001\r\nhello\r\n0\r\n\r\n", "chunk extension"),
            arguments("an extension without a name", "5;=x\r\nhello\r\n0\r\n\r\n", "chunk extension"),
            arguments("an extension without its semicolon", "5 a\r\nhello\r\n0\r\n\r\n", "chunk extension"),
            arguments("an extension value that is no token", "5;a=b c\r\nhello\r\n0\r\n\r\n", "chunk extension"),
            arguments("an unterminated quoted value", "5;a=\"b\r\nhello\r\n0\r\n\r\n", "chunk extension"),
            arguments("a bare CR in the size line", "5\rhello\r\n0\r\n\r\n", "chunk extension"),
            arguments("a control byte in a trailer", "0\r\nX: \u0001\r\n\r\n", "control byte"),
            arguments("a body over the limit", "41\r\n" + "x".repeat(65) + "\r\n0\r\n\r\n", "larger than 64 bytes"),
            arguments("a size line that never ends", "5;" + "e".repeat(5000), "longer than"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void shouldRefuseMalformedEncodings(final String what, final String encoded, final String reason)
    {
        for (final int step : new int[] {encoded.length(), 1})
        {
            final BodyFault ex = assertThrows(BodyFault.class, () -> decode(encoded, step), what);
            assertTrue(ex.getMessage().contains(reason), () -> what + ": '" + ex.getMessage() + "' should say '" + reason + "'");
        }
    }
}
