package dev.ecbd.dispatcher;

/**
 * A worker's pending sessions in deadline order: an intrusive doubly linked list through the
 * sessions' own fields, so adding, removing and expiring allocate nothing. Every session gets the
 * same timeout, so appending keeps the list sorted. Worker thread only.
 */
final class PendingSessions
{
    private final long timeoutNs;
    private EcbSession head;
    private EcbSession tail;

    PendingSessions(final long timeoutNs)
    {
        this.timeoutNs = timeoutNs;
    }

    void add(final EcbSession session)
    {
        session.pendingDeadlineNs = System.nanoTime() + timeoutNs;
        session.pendingPrevious = tail;
        session.pendingNext = null;
        session.pendingLinked = true;
        if (tail == null)
        {
            head = session;
        }
        else
        {
            tail.pendingNext = session;
        }
        tail = session;
    }

    void remove(final EcbSession session)
    {
        if (!session.pendingLinked)
        {
            return;
        }
        final EcbSession previous = session.pendingPrevious;
        final EcbSession next = session.pendingNext;
        if (previous == null)
        {
            head = next;
        }
        else
        {
            previous.pendingNext = next;
        }
        if (next == null)
        {
            tail = previous;
        }
        else
        {
            next.pendingPrevious = previous;
        }
        session.pendingPrevious = null;
        session.pendingNext = null;
        session.pendingLinked = false;
    }

    /** Reclaims every session whose deadline has passed. @return how many. */
    int expire(final long nowNs)
    {
        int expired = 0;
        while (head != null && head.pendingDeadlineNs - nowNs <= 0)
        {
            final EcbSession session = head;
            remove(session);
            session.reclaim(SessionEnd.TIMED_OUT);
            expired++;
        }
        return expired;
    }

    /** Reclaims every session, deadline or not. */
    void reclaimAll(final SessionEnd why)
    {
        while (head != null)
        {
            final EcbSession session = head;
            remove(session);
            session.reclaim(why);
        }
    }

    /** @return nanoseconds until the first deadline, or {@code Long.MAX_VALUE} when none is pending. */
    long nanosToNextDeadline(final long nowNs)
    {
        return head == null ? Long.MAX_VALUE : Math.max(0, head.pendingDeadlineNs - nowNs);
    }
}
