package dev.ecbd.transport;

/**
 * A minimum data rate (Kestrel's {@code MinRequestBodyDataRate} and {@code MinResponseDataRate},
 * Jetty's minimum data rates), measured only while the server waits on the client: for the next
 * body bytes a read asked for, or for the client to take output the socket holds. Waiting time is
 * cut into windows as long as the grace period; a window that closes with fewer bytes than the
 * rate asks for the time waited in it means the client is too slow. A client may therefore pause
 * for less than a window, or trickle below the rate for less than one, without harm. Owned by the
 * connection's I/O thread; allocates nothing.
 */
final class DataRateMeter
{
    private final long minBytesPerSecond;
    private final long windowNs;
    private long waitedNs;
    private long bytes;
    private long waitingSinceNs = -1;

    /** @param minBytesPerSecond the rate; 0 turns the meter off. */
    DataRateMeter(final long minBytesPerSecond, final long windowNs)
    {
        this.minBytesPerSecond = minBytesPerSecond;
        this.windowNs = windowNs;
    }

    /** Starts a new measurement: nothing waited, nothing moved. */
    void reset()
    {
        waitedNs = 0;
        bytes = 0;
        waitingSinceNs = -1;
    }

    /** The server begins to wait on the client (again); a no-op while it already waits. */
    void startWaiting(final long nowNs)
    {
        if (waitingSinceNs < 0)
        {
            waitingSinceNs = nowNs;
        }
    }

    /** The server no longer waits on the client. */
    void stopWaiting(final long nowNs)
    {
        if (waitingSinceNs >= 0)
        {
            waitedNs += nowNs - waitingSinceNs;
            waitingSinceNs = -1;
        }
    }

    /** @return whether the meter is on and the server waits on the client. */
    boolean waiting()
    {
        return minBytesPerSecond > 0 && waitingSinceNs >= 0;
    }

    /** Counts bytes the client moved. */
    void add(final long moved)
    {
        bytes += moved;
    }

    /**
     * Closes the window when it is full, and starts the next.
     *
     * @return whether the window that closed moved fewer bytes than the rate asks.
     */
    boolean tooSlow(final long nowNs)
    {
        if (minBytesPerSecond == 0)
        {
            return false;
        }
        final long waited = waitedNs + (waitingSinceNs >= 0 ? nowNs - waitingSinceNs : 0);
        if (waited < windowNs)
        {
            return false;
        }
        final boolean slow = bytes < minBytesPerSecond * (waited / 1_000_000) / 1000;
        waitedNs = 0;
        bytes = 0;
        if (waitingSinceNs >= 0)
        {
            waitingSinceNs = nowNs;
        }
        return slow;
    }
}
