package dev.ecbd.api;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many hold a shared thing that closes when the last lets go: it starts with its creator's
 * hold, and once it has dropped to zero it can never be taken again, so a late taker learns the
 * thing is gone instead of reviving it: the count a {@link SharedFile} needs for its
 * {@code retain} and {@code release}. Any thread.
 */
public final class HolderCount
{
    private final AtomicInteger holders = new AtomicInteger(1);

    /** @return whether one more hold was taken; false once the last was released. */
    public boolean tryAcquire()
    {
        int count;
        do
        {
            count = holders.get();
            if (count == 0)
            {
                return false;
            }
        }
        while (!holders.compareAndSet(count, count + 1));
        return true;
    }

    /**
     * Releases one hold.
     *
     * @return whether it was the last: the caller closes the thing.
     * @throws IllegalStateException when more holds were released than taken.
     */
    public boolean release()
    {
        final int left = holders.decrementAndGet();
        if (left < 0)
        {
            throw new IllegalStateException("released more often than held");
        }
        return left == 0;
    }
}
