package dev.ecbd.transport;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing of what a client controls first: request heads and chunked bodies. Each target feeds
 * arbitrary bytes, split into arbitrary reads, and checks the parsers' contracts: they end in an
 * answer or a refusal with a 4xx/5xx the RFCs name, never another exception, and never read outside
 * what they were given. Under {@code bin/test} the committed corpus
 * ({@code src/test/resources/dev/ecbd/transport/ParserFuzzTestInputs}) runs as regression tests;
 * {@code bin/fuzz} fuzzes for longer.
 */
class ParserFuzzTest
{
    private static final Set<Integer> HEAD_STATUSES = Set.of(0, 400, 413, 414, 417, 431, 501, 505);

    @FuzzTest(maxDuration = "10s")
    void requestHead(final FuzzedDataProvider data)
    {
        final RequestHeadParser parser = new RequestHeadParser(4096, 1024);
        final RequestHead head = new RequestHead(32);
        final byte[] bytes = data.consumeRemainingAsBytes();
        final ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        int start = 0;
        while (start < bytes.length)
        {
            final int length = parser.findHeadEnd(buffer, start, bytes.length);
            if (length == RequestHeadParser.NEED_MORE)
            {
                return;
            }
            final int status = length == RequestHeadParser.INVALID ? parser.errorStatus() : parser.parse(buffer, start, length, head);
            assertTrue(HEAD_STATUSES.contains(status), () -> "status " + status);
            if (status != 0)
            {
                assertTrue(parser.errorReason() != null && !parser.errorReason().isEmpty(), "a refusal says why");
                return;
            }
            assertTrue(head.targetStart + head.targetLength <= length && head.headerCount <= 32, "the head stays inside its bytes");
            head.bytes(buffer.slice(start, length));
            head.path();
            start += length;
        }
    }

    @FuzzTest(maxDuration = "10s")
    void chunkedBody(final FuzzedDataProvider data)
    {
        final int step = data.consumeInt(1, 64);
        final byte[] encoded = data.consumeRemainingAsBytes();
        final ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(1 << 16);
        decoder.reset();
        final ByteBuf in = Unpooled.buffer();
        final byte[] dst = new byte[13];
        long produced = 0;
        try
        {
            for (int fed = 0; fed < encoded.length && !decoder.ended(); )
            {
                final int n = Math.min(step, encoded.length - fed);
                in.writeBytes(encoded, fed, n);
                fed += n;
                int read;
                while ((read = decoder.read(in, dst, 0, dst.length)) > 0)
                {
                    produced += read;
                }
            }
        }
        catch (final BodyFault fault)
        {
            assertTrue(fault.status() == 400 || fault.status() == 413, () -> "status " + fault.status());
            return;
        }
        final long decoded = produced;
        assertTrue(decoded <= encoded.length && decoded <= 1 << 16, () -> decoded + " body bytes from " + encoded.length);
    }
}
