package dev.ecbd.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fails a test class whose code leaked a Netty buffer. After the class, it collects garbage and
 * allocates tracked buffers until the detector has had its chance to report: a leaked buffer is
 * reported when its tracker is found unreachable during a later allocation.
 */
public final class NoLeaks implements AfterAllCallback
{
    private static final int ROUNDS = 20;

    @Override
    public void afterAll(final ExtensionContext context)
    {
        for (int round = 0; round < ROUNDS; round++)
        {
            System.gc();
            for (int i = 0; i < 64; i++)
            {
                final ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(16);
                probe.release();
            }
        }
        final List<String> leaks = LeakRecorder.drain();
        assertEquals(List.of(), leaks, "Netty reported leaked buffers");
    }
}
