package dev.ecbd.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The one timer of a connection, and the deadlines it watches: a partial head (with its read-ahead)
 * older than {@code headTimeout} gets 408 and a close; a connection idle (nothing in flight) for
 * {@code idleTimeout} is closed, and so is one whose client leaves a worker's output unread that
 * long; a lingering connection closes at its linger deadline. While requests are in flight, or
 * output waits for the client, it ticks once a second to hold the client to the minimum data rates
 * ({@link DataRateMeter}): a request body sent too slowly fails with 408, output taken too slowly
 * closes the connection. Re-armed by itself, never more than one armed. Owned by the connection's
 * I/O thread.
 */
final class ConnectionTimer implements Runnable
{
    /** How often the timer looks at the data rates while something is in flight. */
    private static final long RATE_TICK_NS = TimeUnit.SECONDS.toNanos(1);
    /** How long a closing connection waits, reading and dropping, for the client to close its side. */
    static final long LINGER_NS = TimeUnit.SECONDS.toNanos(2);

    private final HttpConnection connection;
    private final HttpServerConfig config;
    private final InboundBytes inbound;
    private final ResponseOrder order;
    private final BodyReader body;
    private final OutboundWriter writer;
    private EventExecutor executor;
    private ScheduledFuture<?> armed;
    /** When the armed run is due ({@link System#nanoTime()}). */
    private long armedForNs;
    private long lastActivityNs;
    private long lingerUntilNs = -1;

    ConnectionTimer(final HttpConnection connection, final HttpServerConfig config, final InboundBytes inbound, final ResponseOrder order,
        final BodyReader body, final OutboundWriter writer)
    {
        this.connection = connection;
        this.config = config;
        this.inbound = inbound;
        this.order = order;
        this.body = body;
        this.writer = writer;
    }

    /** Starts watching a connection that has just opened. */
    void start(final EventExecutor executor)
    {
        this.executor = executor;
        lastActivityNs = System.nanoTime();
        arm(lastActivityNs, Math.min(config.headTimeout().toNanos(), config.idleTimeout().toNanos()));
    }

    /** Something happened on the connection at {@code nowNs}: the idle timeout runs from here. */
    void activity(final long nowNs)
    {
        lastActivityNs = nowNs;
    }

    /**
     * Output waits for the client beyond the channel's high-water mark: the timer runs within a
     * second from now, so that the minimum response rate holds the client to account even when no
     * request is in flight (a final send's rest, left to the channel, ends its request at once).
     */
    void watchOutput(final long nowNs)
    {
        if (lingerUntilNs < 0 && armedForNs - (nowNs + RATE_TICK_NS) > 0)
        {
            cancel();
            arm(nowNs, RATE_TICK_NS);
        }
    }

    /** The connection lingers from now: it closes at the linger deadline whatever else is due. */
    void linger()
    {
        cancel();
        final long now = System.nanoTime();
        lingerUntilNs = now + LINGER_NS;
        arm(now, LINGER_NS);
    }

    void cancel()
    {
        if (armed != null)
        {
            armed.cancel(false);
        }
    }

    /** Schedules the next run {@code delayNs} after {@code nowNs} (at least a millisecond). */
    private void arm(final long nowNs, final long delayNs)
    {
        final long delay = Math.max(delayNs, TimeUnit.MILLISECONDS.toNanos(1));
        armedForNs = nowNs + delay;
        armed = executor.schedule(this, delay, TimeUnit.NANOSECONDS);
    }

    @Override
    public void run()
    {
        final HttpConnection.State state = connection.state();
        if (state == HttpConnection.State.CLOSED)
        {
            return;
        }
        final long now = System.nanoTime();
        if (state == HttpConnection.State.LINGERING)
        {
            if (now - lingerUntilNs >= 0)
            {
                connection.abort();
            }
            else
            {
                arm(now, lingerUntilNs - now);
            }
            return;
        }
        if (body.checkRate(now))
        {
            connection.bodyFailed();
        }
        if (writer.clientTooSlow(now))
        {
            connection.readerTooSlow();
            return;
        }
        final long nextNs = nextDeadline(now);
        if (nextNs > 0)
        {
            arm(now, body.rateWatched() || writer.rateWatched() || !order.isEmpty() ? Math.min(nextNs, RATE_TICK_NS) : nextNs);
        }
    }

    /** Acts on whichever deadline has passed. @return how long until the next one, or 0 when the connection is done. */
    private long nextDeadline(final long now)
    {
        final long idleNs = config.idleTimeout().toNanos();
        final long stalledSinceNs = writer.stalledSinceNs();
        if (stalledSinceNs >= 0)
        {
            return due(now, stalledSinceNs + idleNs);
        }
        if (!order.isEmpty() || body.active())
        {
            return idleNs;
        }
        final long headStartNs = inbound.headStartNs();
        if (headStartNs >= 0)
        {
            final long deadline = headStartNs + config.headTimeout().toNanos();
            if (now - deadline >= 0)
            {
                connection.headTimedOut();
                return 0;
            }
            return deadline - now;
        }
        return due(now, lastActivityNs + idleNs);
    }

    /** Closes the connection when {@code deadlineNs} has passed. @return the time left, or 0. */
    private long due(final long now, final long deadlineNs)
    {
        if (now - deadlineNs >= 0)
        {
            connection.abort();
            return 0;
        }
        return deadlineNs - now;
    }
}
