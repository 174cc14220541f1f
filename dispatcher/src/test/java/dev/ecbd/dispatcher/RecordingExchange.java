package dev.ecbd.dispatcher;

import dev.ecbd.api.FileTransmission;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A transport stand-in for driving the ECB state machine directly: it records how each request
 * ended and on which thread, and the asynchronous operations started, and completes none of them
 * by itself. The test plays the I/O thread: it reports completions through the session and
 * recycles the slot.
 */
final class RecordingExchange implements Exchange
{
    /** How a request ended, and the thread that finished it. */
    record Ending(SessionEnd end, Thread thread)
    {
    }

    private final BlockingQueue<Ending> endings = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> asyncStarts = new LinkedBlockingQueue<>();
    private EcbSession session;

    EcbSession session()
    {
        return session;
    }

    /** Waits, at most ten seconds, for the next request of this slot to end. */
    Ending awaitEnding() throws InterruptedException
    {
        final Ending ending = endings.poll(10, TimeUnit.SECONDS);
        if (ending == null)
        {
            throw new AssertionError("no request of slot ended within ten seconds");
        }
        return ending;
    }

    /** @return whether a request ended that was not awaited yet. */
    boolean endedAgain()
    {
        return !endings.isEmpty();
    }

    /** Waits, at most ten seconds, for an asynchronous operation to start. @return its request's generation. */
    long awaitAsyncStart() throws InterruptedException
    {
        final Long generation = asyncStarts.poll(10, TimeUnit.SECONDS);
        if (generation == null)
        {
            throw new AssertionError("no asynchronous operation started within ten seconds");
        }
        return generation;
    }

    @Override
    public void bind(final EcbSession session)
    {
        this.session = session;
    }

    @Override
    public void finish(final SessionEnd end)
    {
        endings.add(new Ending(end, Thread.currentThread()));
    }

    @Override
    public void writeClientAsync(final byte[] src, final int offset, final int length)
    {
        asyncStarts.add(session.currentGeneration());
    }

    @Override
    public void writeClientAsync(final ByteBuffer src)
    {
        asyncStarts.add(session.currentGeneration());
    }

    @Override
    public void readClientAsync(final byte[] dst, final int offset, final int length)
    {
        asyncStarts.add(session.currentGeneration());
    }

    @Override
    public void transmitFile(final FileTransmission transmission)
    {
        asyncStarts.add(session.currentGeneration());
    }

    @Override
    public CharSequence pathView()
    {
        return "/";
    }

    @Override
    public String method()
    {
        return "GET";
    }

    @Override
    public String path()
    {
        return "/";
    }

    @Override
    public String query()
    {
        return "";
    }

    @Override
    public String protocol()
    {
        return "HTTP/1.1";
    }

    @Override
    public String header(final String name)
    {
        return null;
    }

    @Override
    public int headerCount()
    {
        return 0;
    }

    @Override
    public String headerName(final int index)
    {
        throw new IndexOutOfBoundsException(index);
    }

    @Override
    public String headerValue(final int index)
    {
        throw new IndexOutOfBoundsException(index);
    }

    @Override
    public InetSocketAddress remoteAddress()
    {
        return null;
    }

    @Override
    public InetSocketAddress localAddress()
    {
        return null;
    }

    @Override
    public boolean isKeepConnection()
    {
        return true;
    }

    @Override
    public void closeConnection()
    {
    }

    @Override
    public long contentLength()
    {
        return -1;
    }

    @Override
    public int availableBodyLength()
    {
        return 0;
    }

    @Override
    public int copyAvailableBody(final int from, final byte[] dst, final int dstOffset, final int length)
    {
        return 0;
    }

    @Override
    public void sendResponseHeader(final int status, final CharSequence headerLines)
    {
    }

    @Override
    public void writeClient(final byte[] src, final int offset, final int length)
    {
    }

    @Override
    public void writeClient(final ByteBuffer src)
    {
    }

    @Override
    public long bytesWritten()
    {
        return 0;
    }

    @Override
    public int readClient(final byte[] dst, final int offset, final int length)
    {
        return 0;
    }
}
