package dev.ecbd.jmh;

import dev.ecbd.demo.PlaintextExtension;
import dev.ecbd.server.Ecbd;
import dev.ecbd.server.EcbdConfig;
import dev.ecbd.transport.SelectedTransport;
import dev.ecbd.transport.TransportKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The whole request path in one process: a blocking client on 127.0.0.1 sends 16 pipelined
 * {@code GET /plaintext} and reads the 16 responses, against ecbd (through its workers) and
 * against raw Netty with {@code HttpServerCodec} on the same transport. One operation is one
 * request; with {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes the whole JVM (client
 * included, the same for both) allocates per request.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
@State(Scope.Thread)
public class RequestPathBenchmark
{
    private static final int DEPTH = 16;
    private static final byte[] BATCH = "GET /plaintext HTTP/1.1\r\nHost: bench\r\n\r\n".repeat(DEPTH).getBytes(StandardCharsets.US_ASCII);

    @Param({"ecbd", "netty"})
    public String server;

    private AutoCloseable running;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private byte[] responses;

    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        final TransportKind transport = SelectedTransport.isAvailable(TransportKind.EPOLL) ? TransportKind.EPOLL : TransportKind.NIO;
        final int port;
        if (server.equals("ecbd"))
        {
            final EcbdConfig.Builder config = EcbdConfig.builder();
            config.http().port(0).transport(transport).ioThreads(1);
            config.dispatcher().workers(1);
            final Ecbd ecbd = Ecbd.start(config.build(), map -> map.map("/plaintext", new PlaintextExtension()));
            running = ecbd;
            port = ecbd.server().port();
        }
        else
        {
            final RawNettyServer netty = RawNettyServer.start(0, transport.label(), 1);
            running = netty;
            port = netty.port();
        }
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        responses = new byte[DEPTH * responseLength()];
    }

    /** @return the length of one response; every response to this request has the same length. */
    private int responseLength() throws IOException
    {
        out.write("GET /plaintext HTTP/1.1\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            head.append((char)in.read());
        }
        final int bodyLength = Integer.parseInt(head.toString().replaceAll("(?s).*[Cc]ontent-[Ll]ength: *(\\d+).*", "$1"));
        in.readNBytes(bodyLength);
        return head.length() + bodyLength;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception
    {
        socket.close();
        running.close();
    }

    @Benchmark
    @OperationsPerInvocation(DEPTH)
    public int pipelinedPlaintext() throws IOException
    {
        out.write(BATCH);
        final int read = in.readNBytes(responses, 0, responses.length);
        if (read != responses.length)
        {
            throw new IOException("connection closed after " + read + " of " + responses.length + " bytes");
        }
        return responses[responses.length - 1];
    }
}
