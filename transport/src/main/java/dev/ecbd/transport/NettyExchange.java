package dev.ecbd.transport;

import dev.ecbd.api.ClientFaultException;
import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.IoErrors;
import dev.ecbd.dispatcher.EcbSession;
import dev.ecbd.dispatcher.Exchange;
import dev.ecbd.dispatcher.SessionEnd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCounted;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The worker's side of one exchange: what an extension's ECB calls reach. It reads the request
 * from its {@link ParsedRequest}, turns the response into bytes with its {@link ResponseEncoder},
 * and hands batches and reads to the I/O thread through its {@link Handoff}. One per ECB slot,
 * reused for every request the slot carries.
 *
 * <p>Every method runs on the slot's worker (or, for an inline request, on the I/O thread that
 * stands in for it), between the dispatch of a request and its last batch; the dispatcher checks
 * both before delegating an extension's call here. The last batch is posted last of all, with the
 * encoder already reset: from that post on the I/O thread may recycle the slot, and another I/O
 * thread may admit its next request.
 */
final class NettyExchange implements Exchange
{
    private static final System.Logger LOG = System.getLogger(NettyExchange.class.getName());

    private final ParsedRequest request;
    private final ResponseEncoder encoder;
    private final ExchangeInFlight inFlight;
    private final Handoff handoff;
    private final AccessLogRing accessLog;
    private final SelectedTransport transport;
    private EcbSession session;

    /** A final send kept for {@link #finish}, and its open region (null when empty). */
    private FileTransmission finalSend;
    private ReferenceCounted finalRegion;

    /** @param transport the server's transport, which decides the form file bytes go out in (see {@link FileRegions}). */
    NettyExchange(final ByteBufAllocator alloc, final int maxHeaders, final int flushThreshold, final AccessLogRing accessLog, final SelectedTransport transport)
    {
        this.transport = transport;
        this.accessLog = accessLog;
        this.request = new ParsedRequest(maxHeaders);
        this.encoder = new ResponseEncoder(alloc, flushThreshold, request);
        this.inFlight = new ExchangeInFlight(request);
        this.handoff = inFlight.handoff();
    }

    @Override
    public void bind(final EcbSession session)
    {
        this.session = session;
        inFlight.bind(session);
    }

    /** @return the I/O thread's side of this exchange. */
    ExchangeInFlight inFlight()
    {
        return inFlight;
    }

    // ---------------------------------------------------------------- the request

    @Override
    public CharSequence pathView()
    {
        return request.pathView();
    }

    @Override
    public String method()
    {
        return request.head().method();
    }

    @Override
    public String path()
    {
        return request.path();
    }

    @Override
    public String query()
    {
        return request.head().query();
    }

    @Override
    public String protocol()
    {
        return request.head().protocol();
    }

    @Override
    public String header(final String name)
    {
        return request.head().header(name);
    }

    @Override
    public int headerCount()
    {
        return request.head().headerCount;
    }

    @Override
    public String headerName(final int index)
    {
        return request.head().headerName(index);
    }

    @Override
    public String headerValue(final int index)
    {
        return request.head().headerValue(index);
    }

    @Override
    public InetSocketAddress remoteAddress()
    {
        return request.peer().remote();
    }

    @Override
    public InetSocketAddress localAddress()
    {
        return request.peer().local();
    }

    @Override
    public boolean isKeepConnection()
    {
        return request.keepAlive() && !encoder.closeAsked() && !handoff.lvCloseRequested();
    }

    @Override
    public void closeConnection()
    {
        encoder.askClose();
    }

    @Override
    public long contentLength()
    {
        return request.head().contentLength;
    }

    @Override
    public int availableBodyLength()
    {
        return request.availableBodyLength();
    }

    @Override
    public int copyAvailableBody(final int from, final byte[] dst, final int dstOffset, final int length)
    {
        return request.copyAvailableBody(from, dst, dstOffset, length);
    }

    // ---------------------------------------------------------------- the response

    @Override
    public void sendResponseHeader(final int status, final CharSequence headerLines)
    {
        encoder.header(status, headerLines);
    }

    @Override
    public void writeClient(final byte[] src, final int offset, final int length) throws IOException
    {
        Objects.checkFromIndexSize(offset, length, src.length);
        if (admitWrite(length))
        {
            encoder.body(length).writeBytes(src, offset, length);
            flushIfFull();
        }
    }

    @Override
    public void writeClient(final ByteBuffer src) throws IOException
    {
        final int length = src.remaining();
        if (admitWrite(length))
        {
            encoder.body(length).writeBytes(src);
            flushIfFull();
        }
        else
        {
            src.position(src.limit());
        }
    }

    @Override
    public long bytesWritten()
    {
        return encoder.written();
    }

    @Override
    public void writeClientAsync(final byte[] src, final int offset, final int length)
    {
        Objects.checkFromIndexSize(offset, length, src.length);
        if (admitAsync(length))
        {
            encoder.body(length).writeBytes(src, offset, length);
            handOff(false, length);
        }
    }

    @Override
    public void writeClientAsync(final ByteBuffer src)
    {
        final int length = src.remaining();
        if (admitAsync(length))
        {
            encoder.body(length).writeBytes(src);
            handOff(false, length);
        }
        src.position(src.limit());
    }

    @Override
    public int readClient(final byte[] dst, final int offset, final int length) throws IOException
    {
        Objects.checkFromIndexSize(offset, length, dst.length);
        if (length == 0 || handoff.lvBodyComplete())
        {
            return 0;
        }
        if (handoff.onIoThread())
        {
            throw new IllegalStateException("a @NonBlocking extension runs on an I/O thread and cannot wait for body bytes with readClient");
        }
        if (handoff.lvConnectionLost())
        {
            throw new ClientFaultException("the client connection is closed");
        }
        handoff.postRead(dst, offset, length, false, session.currentGeneration());
        final int result = handoff.awaitReadResult();
        final int error = handoff.readError();
        if (error != IoErrors.NONE)
        {
            throw new ClientFaultException(error == IoErrors.REQUEST_BODY_REJECTED ? handoff.lpFaultReason() : "the client went away before the request body ended");
        }
        return result;
    }

    @Override
    public void readClientAsync(final byte[] dst, final int offset, final int length)
    {
        Objects.checkFromIndexSize(offset, length, dst.length);
        if (length == 0 || handoff.lvBodyComplete())
        {
            session.completeAsync(session.currentGeneration(), 0, IoErrors.NONE);
        }
        else if (handoff.lvConnectionLost())
        {
            session.completeAsync(session.currentGeneration(), 0, IoErrors.CLIENT_DISCONNECTED);
        }
        else
        {
            handoff.postRead(dst, offset, length, true, session.currentGeneration());
        }
    }

    @Override
    public void transmitFile(final FileTransmission transmission)
    {
        final ReferenceCounted region = FileRegions.open(transmission, transport);
        final long total = totalOf(transmission, region);
        if (transmission.closeAfterSend())
        {
            encoder.askClose();
        }
        final boolean onWire;
        try
        {
            onWire = admitAsync(total, !transmission.finalSend());
        }
        catch (final RuntimeException ex)
        {
            releaseIfAny(region);
            throw ex;
        }
        if (!onWire)
        {
            releaseIfAny(region);
        }
        else if (transmission.finalSend())
        {
            finalSend = transmission;
            finalRegion = region;
        }
        else
        {
            handOffFile(transmission, region, false);
        }
    }

    @Override
    public void finish(final SessionEnd end)
    {
        switch (end)
        {
            case SUCCESS, SUCCESS_AND_CLOSE ->
            {
                if (encoder.status() == 0)
                {
                    if (handoff.lpFaultStatus() == 0)
                    {
                        LOG.log(System.Logger.Level.WARNING, "extension for {0} ended without sending a response; answering 500", path());
                    }
                    failResponse(500, "the extension sent no response");
                }
                else
                {
                    if (encoder.lengthMismatch())
                    {
                        LOG.log(System.Logger.Level.WARNING, "extension for {0} declared Content-Length {1} but wrote {2} bytes; closing the connection",
                            path(), encoder.declaredLength(), encoder.written());
                        encoder.forceClose();
                    }
                    encoder.settleClose(end == SessionEnd.SUCCESS_AND_CLOSE || !request.keepAlive() || handoff.lvCloseRequested()
                        || !handoff.lvBodyComplete());
                    if (finalSend != null)
                    {
                        final FileTransmission transmission = finalSend;
                        finalSend = null;
                        handOffFile(transmission, takeFinalRegion(), true);
                    }
                    else
                    {
                        handOff(true, -1);
                    }
                }
            }
            case ERROR -> failResponse(500, "the extension failed");
            case TIMED_OUT -> failResponse(504, "the extension did not end the request in time");
            case SHUT_DOWN -> failResponse(503, "the server is shutting down");
        }
    }

    // ---------------------------------------------------------------- admission and hand-off

    /** @return whether the bytes go on the wire (false for HEAD and for statuses without a body). */
    private boolean admitWrite(final int length) throws IOException
    {
        final String refused = encoder.admit(length);
        if (handoff.lvConnectionLost())
        {
            throw new ClientFaultException("the client connection is closed");
        }
        if (refused != null)
        {
            throw new IOException(refused);
        }
        encoder.count(length);
        return length > 0 && encoder.bodyOnWire();
    }

    private boolean admitAsync(final long length)
    {
        return admitAsync(length, true);
    }

    /**
     * Admits an asynchronous operation of {@code length} body bytes.
     *
     * @param completes whether the operation reports a completion (a final send does not).
     * @return whether it goes on the wire; when it does not (HEAD, a status without a body, or a
     *         lost connection) its completion is reported at once.
     */
    private boolean admitAsync(final long length, final boolean completes)
    {
        final String refused = encoder.admit(length);
        if (refused != null)
        {
            throw new IllegalStateException(refused);
        }
        if (handoff.lvConnectionLost())
        {
            if (completes)
            {
                session.completeAsync(session.currentGeneration(), 0, IoErrors.CLIENT_DISCONNECTED);
            }
            return false;
        }
        encoder.count(length);
        if (!encoder.bodyOnWire())
        {
            if (completes)
            {
                session.completeAsync(session.currentGeneration(), length, IoErrors.NONE);
            }
            return false;
        }
        return true;
    }

    private void flushIfFull()
    {
        if (encoder.full())
        {
            handOff(false, -1);
        }
    }

    /**
     * Hands what is buffered to the connection: the head if not yet sent, then the body.
     *
     * @param asyncBytes the byte count an asynchronous write reports on completion, or -1.
     */
    private void handOff(final boolean last, final long asyncBytes)
    {
        handoff.awaitOutputTaken();
        final boolean firstBytes = !encoder.headSent();
        final ByteBuf out = encoder.frame(last);
        stampFirstByte(firstBytes);
        final boolean close = last && endResponse();
        handoff.postOutput(out, null, null, last, close, asyncBytes, session.currentGeneration());
    }

    /**
     * Settles the response that leaves in the batch being framed: records and logs it, and readies
     * the encoder for the slot's next request.
     *
     * @return whether the connection closes after it.
     */
    private boolean endResponse()
    {
        final boolean close = encoder.settleClose(false);
        logResponse(encoder.status());
        encoder.reset();
        return close;
    }

    /**
     * Hands a file transmission to the connection: what goes before the region, the region, and what
     * goes after it; as the response's last batch, with the response's end, for a final send.
     */
    private void handOffFile(final FileTransmission transmission, final ReferenceCounted region, final boolean last)
    {
        final long total = totalOf(transmission, region);
        handoff.awaitOutputTaken();
        final boolean firstBytes = !encoder.headSent();
        final ByteBuf before = encoder.frameBeforeFile(transmission, total);
        stampFirstByte(firstBytes);
        final ByteBuf after = encoder.frameAfterFile(transmission, total);
        final ByteBuf framed = last ? append(after, encoder.frame(true)) : after;
        final boolean close = last && endResponse();
        handoff.postOutput(headOutside(before, region), region, framed, last, close, last ? -1 : total, session.currentGeneration());
    }

    /** @return the bytes framed before the file, to post ahead of it: none for a direct send, which carries them itself. */
    private static ByteBuf headOutside(final ByteBuf before, final ReferenceCounted region)
    {
        if (region instanceof DirectFileSend send)
        {
            send.prepend(before);
            return null;
        }
        return before;
    }

    /** @return the transmission's bytes: its head, its open region and its tail. */
    private static long totalOf(final FileTransmission transmission, final ReferenceCounted region)
    {
        return transmission.headLength() + FileRegions.length(region) + transmission.tailLength();
    }

    /** @return {@code first} followed by {@code second}, either of which may be null; {@code second} is consumed. */
    private static ByteBuf append(final ByteBuf first, final ByteBuf second)
    {
        if (first == null || second == null)
        {
            return first == null ? second : first;
        }
        first.writeBytes(second);
        second.release();
        return first;
    }

    /** @return the region of the final send kept by {@link #transmitFile}, no longer kept. */
    private ReferenceCounted takeFinalRegion()
    {
        final ReferenceCounted region = finalRegion;
        finalRegion = null;
        return region;
    }

    /** Releases a final send kept by {@link #transmitFile} that an error response replaces. */
    private void dropFinalSend()
    {
        releaseIfAny(takeFinalRegion());
        finalSend = null;
    }

    private void stampFirstByte(final boolean firstBytes)
    {
        if (firstBytes && encoder.headSent())
        {
            session.firstByteSent();
        }
    }

    /** Ends the request with an error response; a request body the server refused answers with its own status instead. */
    private void failResponse(final int errorStatus, final String message)
    {
        dropFinalSend();
        final int faultStatus = handoff.lpFaultStatus();
        if (!encoder.headSent())
        {
            session.firstByteSent();
        }
        logResponse(encoder.headSent() ? encoder.status() : faultStatus != 0 ? faultStatus : errorStatus);
        final ByteBuf response = faultStatus != 0 ? encoder.error(faultStatus, handoff.lpFaultReason()) : encoder.error(errorStatus, message);
        encoder.reset();
        handoff.awaitOutputTaken();
        handoff.postOutput(response, null, null, true, true, -1, session.currentGeneration());
    }

    /** Records the response's final status in the slot, and leaves its record in the access log if there is one; before the encoder forgets the response. */
    private void logResponse(final int status)
    {
        session.responseStatus(status);
        if (accessLog != null)
        {
            accessLog.request(request.head(), request.peer(), status, encoder.bodyOnWire() ? encoder.written() : 0, session.worker().id(),
                request.acceptedNs());
        }
    }

    private static void releaseIfAny(final ReferenceCounted region)
    {
        if (region != null)
        {
            region.release();
        }
    }
}
