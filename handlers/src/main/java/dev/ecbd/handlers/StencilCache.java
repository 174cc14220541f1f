package dev.ecbd.handlers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed stencils under one root, by name. A stencil is parsed once and shared; it is parsed again
 * when it, or a file it includes, has changed, which is looked for at most once per recheck interval
 * (a second unless set).
 * Thread-safe; two threads that find a change at once may both parse, harmlessly.
 */
public final class StencilCache
{

    private record Entry(Stencil stencil, long checkedNs, List<FileTime> stamps)
    {
    }

    private final Path root;
    private final long recheckNs;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param root the directory stencils and their includes live in; changes are looked for once a second. */
    public StencilCache(final Path root)
    {
        this(root, java.time.Duration.ofSeconds(1));
    }

    /**
     * @param root the directory stencils and their includes live in.
     * @param recheck how long a parsed stencil is used before its files are looked at again.
     */
    public StencilCache(final Path root, final java.time.Duration recheck)
    {
        this.root = root.toAbsolutePath().normalize();
        this.recheckNs = recheck.toNanos();
    }

    /**
     * @param name a stencil's path relative to the root.
     * @throws StencilSyntaxException naming file, line and column when it does not parse.
     * @throws IllegalArgumentException for a name leading outside the root.
     */
    public Stencil get(final String name)
    {
        final long now = System.nanoTime();
        final Entry entry = entries.get(name);
        if (entry != null && now - entry.checkedNs() < recheckNs)
        {
            return entry.stencil();
        }
        if (entry != null && entry.stamps().equals(stamps(entry.stencil().sources())))
        {
            entries.put(name, new Entry(entry.stencil(), now, entry.stamps()));
            return entry.stencil();
        }
        final Path file = root.resolve(name).normalize();
        if (!file.startsWith(root))
        {
            throw new IllegalArgumentException("stencil " + name + " lies outside " + root);
        }
        final Stencil stencil = StencilParser.parse(root, file);
        entries.put(name, new Entry(stencil, now, stamps(stencil.sources())));
        return stencil;
    }

    private static List<FileTime> stamps(final List<Path> files)
    {
        final List<FileTime> stamps = new ArrayList<>(files.size());
        for (final Path file : files)
        {
            try
            {
                stamps.add(Files.getLastModifiedTime(file));
            }
            catch (final IOException ex)
            {
                stamps.add(FileTime.fromMillis(-1));
            }
        }
        return stamps;
    }
}
