package dev.ecbd.server.builtin;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The document root's open files, as nginx's {@code open_file_cache}: for each request path served
 * lately, the file held open with its metadata and its response head ({@link CachedFile}), so that
 * a request for it makes no system call before its send.
 *
 * <ul>
 * <li><b>Fresh</b>: an entry is served as it is for {@code valid} after it was last checked; then
 * the next request for it resolves the path again under {@link DocumentRoot}'s rules and compares
 * the file found with the one held (device and inode, size, modification time): the same file is
 * fresh again, another is opened in its place, none drops the entry. A change on disk is seen
 * within {@code valid}; until then the file held open is sent, whole and consistent with its head.</li>
 * <li><b>Bounded</b>: at most {@code capacity} entries, each one open descriptor or, for a file of
 * up to {@link CachedFile#IN_MEMORY_LIMIT} bytes, its bytes; a new one past that evicts one not
 * used since the clock hand last passed it (the CLOCK approximation of LRU). An evicted or
 * replaced file closes once the last transmission holding it has been sent.</li>
 * </ul>
 *
 * <p>Thread safety: {@link #fresh} runs on I/O threads and reads only memory; {@link #open} runs on
 * workers and does the file system calls. Entries are immutable but for their check time and use
 * bit, written without ordering (a stale read costs one extra check or one wrong eviction choice).
 */
public final class OpenFileCache implements AutoCloseable
{
    private final int capacity;
    private final long validNs;
    private final ConcurrentHashMap<String, CachedFile> entries;
    private final ConcurrentLinkedQueue<CachedFile> clock = new ConcurrentLinkedQueue<>();

    /**
     * @param capacity how many files to hold open at most; 0 holds none (each request opens its file).
     * @param valid how long an entry is served before its file is checked again.
     */
    public OpenFileCache(final int capacity, final Duration valid)
    {
        if (capacity < 0 || valid.isNegative())
        {
            throw new IllegalArgumentException("the open-file cache needs capacity >= 0 and valid >= 0: " + capacity + ", " + valid);
        }
        this.capacity = capacity;
        this.validNs = valid.toNanos();
        this.entries = new ConcurrentHashMap<>(Math.max(16, capacity * 2));
    }

    /**
     * The file held for {@code path}, if it was checked less than {@code valid} ago; marks it used.
     * Any thread; no system call, no allocation.
     *
     * @return the file, retained for the caller (who releases it), or null.
     */
    public CachedFile fresh(final String path, final long nowNs)
    {
        final CachedFile file = entries.get(path);
        if (!isFresh(file, nowNs) || !file.retain())
        {
            return null;
        }
        if (!file.used)
        {
            // NOTE: written only when clear, so that I/O threads serving one file share its line unwritten.
            file.used = true;
        }
        return file;
    }

    /** @return whether a fresh entry is held for {@code path} (as {@link #fresh}, without taking it). */
    public boolean holdsFresh(final String path, final long nowNs)
    {
        return isFresh(entries.get(path), nowNs);
    }

    private boolean isFresh(final CachedFile file, final long nowNs)
    {
        return file != null && nowNs - file.checkedNs < validNs;
    }

    /**
     * The file {@code found} for {@code path}: the one held, checked fresh again, when it is still
     * that file; else the file opened now, held in place of any other. Worker thread.
     *
     * @return the file, retained for the caller (who releases it).
     * @throws IOException when the file cannot be opened.
     */
    public CachedFile open(final String path, final DocumentRoot.Found found, final long nowNs) throws IOException
    {
        final CachedFile held = entries.get(path);
        if (held != null && held.sameFileAs(found.attributes()) && held.retain())
        {
            held.checkedNs = nowNs;
            held.used = true;
            return held;
        }
        final CachedFile opened = CachedFile.open(path, found.file(), found.attributes().size(), nowNs);
        if (capacity == 0)
        {
            return opened;
        }
        opened.retain();
        final CachedFile replaced = entries.put(path, opened);
        if (replaced != null)
        {
            clock.remove(replaced);
            replaced.release();
        }
        clock.offer(opened);
        while (entries.size() > capacity && evictOne())
        {
            // NOTE: each turn evicts one entry, or gives up after a full sweep.
        }
        return opened;
    }

    /** Drops the entry for {@code path}, if any: its file is gone or no longer served. Worker thread. */
    public void forget(final String path)
    {
        final CachedFile held = entries.remove(path);
        if (held != null)
        {
            clock.remove(held);
            held.release();
        }
    }

    /** @return how many files are held. */
    public int size()
    {
        return entries.size();
    }

    /**
     * Moves the clock hand over at most two sweeps of the entries: a used entry loses its use bit
     * and goes round again, the first unused one is evicted.
     *
     * @return whether one was evicted.
     */
    private boolean evictOne()
    {
        for (int turns = 2 * capacity + 1; turns > 0; turns--)
        {
            final CachedFile candidate = clock.poll();
            if (candidate == null)
            {
                return false;
            }
            if (candidate.used)
            {
                candidate.used = false;
                clock.offer(candidate);
            }
            else if (entries.remove(candidate.key(), candidate))
            {
                candidate.release();
                return true;
            }
        }
        return false;
    }

    /** Releases every file held; a file still being sent closes after its send. */
    @Override
    public void close()
    {
        for (final String path : entries.keySet())
        {
            forget(path);
        }
    }
}
