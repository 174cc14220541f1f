package dev.ecbd.server.accesslog;

import dev.ecbd.transport.AccessLogRecord;
import dev.ecbd.transport.AccessLogRing;
import dev.ecbd.os.CpuScheduling;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The access log: one line per response, written off the request path. Responses leave records in
 * an {@link AccessLogRing}; this log's thread, {@code ecbd-access-log}, reads them, formats them
 * and writes them to a file (appending) or to standard output, flushing whenever the ring runs
 * empty. The thread runs under {@code SCHED_BATCH} and sleeps a millisecond whenever the ring is
 * empty, so that it never preempts the I/O threads and workers it shares CPUs with, and writes in
 * large batches. Rotation is the platform's: {@link #reopen()} (SIGUSR1) makes the thread close the file
 * and open it again by name.
 */
public final class AccessLog implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(AccessLog.class.getName());
    private static final int BATCH = 1024;
    /**
     * How long the log's thread sleeps once the ring is empty: long enough that it wakes at most a
     * thousand times a second and writes in large batches, short enough that the ring (13,000
     * records of 80 bytes in 1 MiB) does not fill meanwhile at a million requests a second.
     */
    private static final long IDLE_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AccessLogRing ring;
    private final AccessLogFormat format;
    private final Path file;
    private final Thread thread;
    private final AtomicLong lines = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean reopenAsked;

    /** The output, the line being built and the formatter's scratch: the log's thread only, once started. */
    private OutputStream out;
    private final LineBuffer line = new LineBuffer();
    private final AccessLogFormat.Scratch scratch = new AccessLogFormat.Scratch();
    private final AccessLogRecord.Reader writeRecord = this::write;

    private AccessLog(final AccessLogRing ring, final AccessLogFormat format, final Path file, final OutputStream out)
    {
        this.ring = ring;
        this.format = format;
        this.file = file;
        this.out = out;
        this.thread = Thread.ofPlatform().name("ecbd-access-log").daemon(true).unstarted(this::run);
    }

    /**
     * Opens the output and starts the log's thread.
     *
     * @param file the file to append to, or null for standard output.
     * @param bufferBytes the ring's capacity: a power of two, at least 64 KiB.
     * @throws UncheckedIOException when the file cannot be opened.
     */
    public static AccessLog start(final Path file, final AccessLogFormat format, final int bufferBytes)
    {
        final AccessLog log = new AccessLog(new AccessLogRing(bufferBytes), format, file, open(file));
        log.thread.start();
        return log;
    }

    /** @return where responses leave their records. */
    public AccessLogRing ring()
    {
        return ring;
    }

    /** Asks the log's thread to close the file and open it again, after a rotation. Any thread. */
    public void reopen()
    {
        reopenAsked = true;
    }

    /** @return the lines written so far. */
    public long lines()
    {
        return lines.get();
    }

    /** @return the records dropped because the ring was full. */
    public long dropped()
    {
        return ring.dropped();
    }

    private void run()
    {
        final String notBatch = CpuScheduling.batchScheduleCurrentThread();
        if (notBatch != null)
        {
            LOG.log(System.Logger.Level.DEBUG, "ecbd-access-log not batch-scheduled: {0}", notBatch);
        }
        try
        {
            while (true)
            {
                final boolean stopping = !running;
                final int read = ring.read(writeRecord, BATCH);
                if (read > 0)
                {
                    lines.addAndGet(read);
                    continue;
                }
                line.flushTo(out);
                if (stopping)
                {
                    break;
                }
                if (reopenAsked)
                {
                    reopenAsked = false;
                    out = reopen(out);
                }
                LockSupport.parkNanos(IDLE_NS);
            }
        }
        catch (final IOException | UncheckedIOException ex)
        {
            LOG.log(System.Logger.Level.ERROR, "the access log cannot be written any more; responses go unlogged: " + ex);
        }
        finally
        {
            close(out);
        }
    }

    private void write(final AccessLogRecord record)
    {
        try
        {
            line.reserveLine(out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        format.format(record, scratch, line);
    }

    private static OutputStream open(final Path file)
    {
        if (file == null)
        {
            return new FileOutputStream(FileDescriptor.out);
        }
        try
        {
            return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the access log " + file + ": " + ex.getMessage(), ex);
        }
    }

    private OutputStream reopen(final OutputStream out)
    {
        if (file == null)
        {
            return out;
        }
        close(out);
        return open(file);
    }

    private void close(final OutputStream out)
    {
        if (file != null)
        {
            try
            {
                out.close();
            }
            catch (final IOException ex)
            {
                LOG.log(System.Logger.Level.WARNING, "closing the access log {0}: {1}", file, ex.toString());
            }
        }
    }

    /** Writes what is left in the ring, then stops the log's thread. Call once nothing responds any more. */
    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
