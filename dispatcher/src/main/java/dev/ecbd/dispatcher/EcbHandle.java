package dev.ecbd.dispatcher;

import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionSettings;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.IoCompletion;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * What an extension holds: its session and the generation of its request, fixed at creation.
 * Every call compares that generation with the slot's before it touches anything, so a handle kept
 * past its request fails with {@link IllegalStateException} and never reaches a later request.
 *
 * <p>This 24-byte object is the one allocation per request on the ECB path, on purpose: a handle
 * reused across requests could not tell its old holder from its new one.
 */
final class EcbHandle implements ExtensionControlBlock
{
    private final EcbSession session;
    private final long generation;

    EcbHandle(final EcbSession session, final long generation)
    {
        this.session = session;
        this.generation = generation;
    }

    @Override
    public String method()
    {
        return session.exchange(generation, "method").method();
    }

    @Override
    public String path()
    {
        return session.exchange(generation, "path").path();
    }

    @Override
    public String query()
    {
        return session.exchange(generation, "query").query();
    }

    @Override
    public String protocol()
    {
        return session.exchange(generation, "protocol").protocol();
    }

    @Override
    public String header(final String name)
    {
        return session.exchange(generation, "header").header(name);
    }

    @Override
    public int headerCount()
    {
        return session.exchange(generation, "headerCount").headerCount();
    }

    @Override
    public String headerName(final int index)
    {
        return session.exchange(generation, "headerName").headerName(index);
    }

    @Override
    public String headerValue(final int index)
    {
        return session.exchange(generation, "headerValue").headerValue(index);
    }

    @Override
    public InetSocketAddress remoteAddress()
    {
        return session.exchange(generation, "remoteAddress").remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress()
    {
        return session.exchange(generation, "localAddress").localAddress();
    }

    @Override
    public String mappedPrefix()
    {
        return session.route(generation, "mappedPrefix").prefix();
    }

    @Override
    public ExtensionSettings settings()
    {
        return session.route(generation, "settings").settings();
    }

    @Override
    public boolean isKeepConnection()
    {
        return session.exchange(generation, "isKeepConnection").isKeepConnection();
    }

    @Override
    public void closeConnection()
    {
        session.exchange(generation, "closeConnection").closeConnection();
    }

    @Override
    public Path mapUrlToPath(final String urlPath)
    {
        session.exchange(generation, "mapUrlToPath");
        return session.resolver().mapUrlToPath(urlPath);
    }

    @Override
    public long contentLength()
    {
        return session.exchange(generation, "contentLength").contentLength();
    }

    @Override
    public int availableBodyLength()
    {
        return session.exchange(generation, "availableBodyLength").availableBodyLength();
    }

    @Override
    public int copyAvailableBody(final int from, final byte[] dst, final int dstOffset, final int length)
    {
        return session.exchange(generation, "copyAvailableBody").copyAvailableBody(from, dst, dstOffset, length);
    }

    @Override
    public void sendResponseHeader(final int status, final CharSequence headerLines)
    {
        session.exchange(generation, "sendResponseHeader").sendResponseHeader(status, headerLines);
    }

    @Override
    public void writeClient(final byte[] src, final int offset, final int length) throws IOException
    {
        session.exchange(generation, "writeClient").writeClient(src, offset, length);
    }

    @Override
    public void writeClient(final ByteBuffer src) throws IOException
    {
        session.exchange(generation, "writeClient").writeClient(src);
    }

    @Override
    public long bytesWritten()
    {
        return session.exchange(generation, "bytesWritten").bytesWritten();
    }

    @Override
    public void ioCompletion(final IoCompletion callback, final Object context)
    {
        session.ioCompletion(generation, callback, context);
    }

    @Override
    public void writeClientAsync(final byte[] src, final int offset, final int length)
    {
        session.beginAsync(generation, "writeClientAsync").writeClientAsync(src, offset, length);
        session.asyncStarted(AsyncOp.WRITE);
    }

    @Override
    public void writeClientAsync(final ByteBuffer src)
    {
        session.beginAsync(generation, "writeClientAsync").writeClientAsync(src);
        session.asyncStarted(AsyncOp.WRITE);
    }

    @Override
    public void transmitFile(final FileTransmission transmission)
    {
        if (transmission.finalSend())
        {
            session.finalSend(generation, transmission);
            return;
        }
        session.beginAsync(generation, "transmitFile").transmitFile(transmission);
        session.asyncStarted(AsyncOp.TRANSMIT_FILE);
    }

    @Override
    public int readClient(final byte[] dst, final int offset, final int length) throws IOException
    {
        return session.exchange(generation, "readClient").readClient(dst, offset, length);
    }

    @Override
    public void readClientAsync(final byte[] dst, final int offset, final int length)
    {
        session.beginAsync(generation, "readClientAsync").readClientAsync(dst, offset, length);
        session.asyncStarted(AsyncOp.READ);
    }

    @Override
    public void completeWhen(final java.util.concurrent.CompletionStage<?> stage)
    {
        java.util.Objects.requireNonNull(stage, "stage");
        session.beginAsync(generation, "completeWhen");
        session.asyncStarted(AsyncOp.EXTERNAL);
        stage.whenComplete((result, failure) -> session.completeExternal(generation, failure != null));
    }

    @Override
    public boolean asyncInFlight()
    {
        session.exchange(generation, "asyncInFlight");
        return session.slot().asyncOp() != AsyncOp.NONE;
    }

    @Override
    public void doneWithSession(final ExtensionStatus status)
    {
        session.doneWithSession(generation, status);
    }

    @Override
    public long connectionId()
    {
        session.exchange(generation, "connectionId");
        return session.slot().connectionId();
    }

    @Override
    public long requestSequence()
    {
        session.exchange(generation, "requestSequence");
        return session.slot().requestSequence();
    }

    @Override
    public String toString()
    {
        return "ECB[slot " + session.slot().index() + ", generation " + generation + "]";
    }
}
