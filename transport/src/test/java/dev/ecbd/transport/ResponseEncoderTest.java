package dev.ecbd.transport;

import dev.ecbd.api.FileTransmission;
import dev.ecbd.testing.NoLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The response encoder driven directly: validation, framing, head composition, chunks and file framing. */
@ExtendWith(NoLeaks.class)
class ResponseEncoderTest
{
    private static final String DATE = "Date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n";
    private static final int FLUSH_THRESHOLD = 1024;

    private final ParsedRequest request = new ParsedRequest(8);

    private ResponseEncoder encoderFor(final String head)
    {
        final ByteBuf bytes = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII));
        final RequestHead parsed = new RequestHead(8);
        final RequestHeadParser parser = new RequestHeadParser(1024, 256);
        assertEquals(0, parser.parse(bytes, 0, parser.findHeadEnd(bytes, 0, bytes.writerIndex()), parsed));
        request.fill(parsed, bytes, null, 0);
        return new ResponseEncoder(ByteBufAllocator.DEFAULT, FLUSH_THRESHOLD, request);
    }

    private static ResponseEncoder write(final ResponseEncoder encoder, final String body)
    {
        assertNull(encoder.admit(body.length()));
        encoder.count(body.length());
        if (encoder.bodyOnWire())
        {
            encoder.body(body.length()).writeCharSequence(body, StandardCharsets.US_ASCII);
        }
        return encoder;
    }

    /** @return the bytes as text, released. */
    private static String text(final ByteBuf bytes)
    {
        try
        {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
        finally
        {
            bytes.release();
        }
    }

    private static void assertResponse(final String expected, final String actual)
    {
        assertTrue(actual.matches(expected), () -> "expected /" + expected.replace("\r\n", "\\r\\n") + "/ but was " + actual.replace("\r\n", "\\r\\n"));
    }

    @Test
    void shouldFrameAWholeBodyWithItsLength()
    {
        final ResponseEncoder encoder = encoderFor("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        encoder.header(200, "Content-Type: text/plain\r\n");
        write(encoder, "hello");
        assertFalse(encoder.settleClose(false));
        assertResponse("HTTP/1\\.1 200 OK\r\nServer: ecbd\r\n" + DATE + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", text(encoder.frame(true)));
        encoder.reset();
    }

    @Test
    void shouldChunkABodyThatLeavesBeforeItEnds()
    {
        final ResponseEncoder encoder = encoderFor("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        write(encoder, "hello");
        assertResponse("HTTP/1\\.1 200 OK\r\nServer: ecbd\r\n" + DATE + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", text(encoder.frame(false)));
        write(encoder, "0123456789abcdef0");
        assertEquals("11\r\n0123456789abcdef0\r\n0\r\n\r\n", text(encoder.frame(true)));
        encoder.reset();
    }

    @Test
    void shouldEndAnHttp10BodyOfUnknownLengthByClosing()
    {
        final ResponseEncoder encoder = encoderFor("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        write(encoder, "part");
        assertResponse("HTTP/1\\.1 200 OK\r\nServer: ecbd\r\n" + DATE + "Connection: close\r\n\r\npart", text(encoder.frame(false)));
        assertTrue(encoder.settleClose(false));
        encoder.reset();
    }

    @Test
    void shouldSayKeepAliveToAnHttp10ClientThatAskedForIt()
    {
        final ResponseEncoder encoder = write(encoderFor("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), "ok");
        assertResponse("HTTP/1\\.1 200 OK\r\nServer: ecbd\r\n" + DATE + "Content-Length: 2\r\nConnection: keep-alive\r\n\r\nok", text(encoder.frame(true)));
        encoder.reset();
    }

    @Test
    void shouldSayCloseWhenTheConnectionEnds()
    {
        final ResponseEncoder encoder = write(encoderFor("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), "ok");
        assertTrue(encoder.settleClose(true));
        assertResponse("HTTP/1\\.1 200 OK\r\nServer: ecbd\r\n" + DATE + "Content-Length: 2\r\nConnection: close\r\n\r\nok", text(encoder.frame(true)));
        encoder.reset();
    }

    @Test
    void shouldKeepTheDeclaredLengthAndRefuseMore()
    {
        final ResponseEncoder encoder = encoderFor("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        encoder.header(200, "Content-Length: 3\r\n");
        write(encoder, "ab");
        assertResponse("HTTP/1\\.1 200 OK\r\nServer: ecbd\r\n" + DATE + "Content-Length: 3\r\n\r\nab", text(encoder.frame(false)));
        assertTrue(encoder.admit(2).contains("declared Content-Length of 3"));
        assertTrue(encoder.lengthMismatch());
        encoder.reset();
    }

    @Test
    void shouldSendNoBodyForHeadButItsLength()
    {
        final ResponseEncoder encoder = write(encoderFor("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"), "hello");
        assertFalse(encoder.bodyOnWire());
        assertResponse("HTTP/1\\.1 200 OK\r\nServer: ecbd\r\n" + DATE + "Content-Length: 5\r\n\r\n", text(encoder.frame(true)));
        encoder.reset();
    }

    @Test
    void shouldSendNeitherBodyNorLengthFor204And304()
    {
        for (final int status : new int[] {204, 304})
        {
            final ResponseEncoder encoder = encoderFor("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            encoder.header(status, "");
            assertFalse(encoder.bodyOnWire());
            assertResponse("HTTP/1\\.1 " + status + " [A-Za-z ]+\r\nServer: ecbd\r\n" + DATE + "\r\n", text(encoder.frame(true)));
            encoder.reset();
        }
    }

    @Test
    void shouldRefuseBadStatusesAndHeaderLines()
    {
        final ResponseEncoder encoder = encoderFor("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThrows(IllegalArgumentException.class, () -> encoder.header(199, ""));
        assertThrows(IllegalArgumentException.class, () -> encoder.header(600, ""));
        assertThrows(IllegalArgumentException.class, () -> encoder.header(200, "Transfer-Encoding: chunked\r\n"));
        assertThrows(IllegalArgumentException.class, () -> encoder.header(200, "No-Colon\r\n"));
        assertThrows(IllegalArgumentException.class, () -> encoder.header(200, "X: a\r\n"
            + "Y: b\rZ: c\r\n"));
        assertThrows(IllegalArgumentException.class, () -> encoder.header(200, "X: a\u0001\r\n"));
        assertThrows(IllegalArgumentException.class, () -> encoder.header(200, "Content-Length: -1\r\n"));
        encoder.header(200, "");
        assertThrows(IllegalStateException.class, () -> encoder.header(200, ""));
        encoder.reset();
    }

    @Test
    void shouldReplaceAnUnsentResponseWithAnError()
    {
        final ResponseEncoder encoder = write(encoderFor("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), "partial");
        assertResponse("HTTP/1\\.1 500 Internal Server Error\r\nServer: ecbd\r\n" + DATE
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 7\r\nConnection: close\r\n\r\nfailed\n", text(encoder.error(500, "failed")));
        encoder.reset();
    }

    @Test
    void shouldOnlyCloseOnAnErrorOnceTheHeadHasGone()
    {
        final ResponseEncoder encoder = write(encoderFor("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), "partial");
        text(encoder.frame(false));
        assertNull(encoder.error(500, "failed"));
        encoder.reset();
    }

    @Test
    void shouldFrameAFileRegionAsOneChunkInAChunkedResponse()
    {
        final ResponseEncoder encoder = write(encoderFor("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), "ab");
        text(encoder.frame(false));
        write(encoder, "cd");
        final FileTransmission transmission = new FileTransmission(Path.of("/dev/null"), 0, 16, "<".getBytes(StandardCharsets.US_ASCII),
            ">".getBytes(StandardCharsets.US_ASCII), false);
        assertEquals("2\r\ncd\r\n12\r\n<", text(encoder.frameBeforeFile(transmission, 18)));
        assertEquals(">\r\n", text(encoder.frameAfterFile(transmission, 18)));
        encoder.reset();
    }

    @Test
    void shouldPutTheHeadBeforeAFileOfKnownLength()
    {
        final ResponseEncoder encoder = encoderFor("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        encoder.header(200, "Content-Length: 16\r\n");
        final FileTransmission transmission = FileTransmission.region(Path.of("/dev/null"), 0, 16);
        assertResponse("HTTP/1\\.1 200 OK\r\nServer: ecbd\r\n" + DATE + "Content-Length: 16\r\n\r\n", text(encoder.frameBeforeFile(transmission, 16)));
        assertNull(encoder.frameAfterFile(transmission, 16));
        encoder.reset();
    }
}
