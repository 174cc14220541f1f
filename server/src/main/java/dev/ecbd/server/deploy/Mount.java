package dev.ecbd.server.deploy;

import dev.ecbd.dispatcher.Route;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A configured extension package and the version of it that serves new requests. Replacing the
 * version is one volatile write: a request resolved before it keeps the old version until it
 * ends; every request resolved after it gets the new one.
 */
final class Mount
{
    private final PackageSpec spec;
    private volatile Deployment current;
    /** What the package's files looked like when {@link #current} was loaded; deployer's thread. */
    private List<JarState> loadedFiles;
    /** The files as last polled, and whether a load of them already failed; deployer's thread. */
    private List<JarState> polledFiles;
    private boolean polledFilesFailed;

    Mount(final PackageSpec spec, final Deployment first, final List<JarState> files)
    {
        this.spec = spec;
        this.current = first;
        this.loadedFiles = files;
        this.polledFiles = files;
    }

    PackageSpec spec()
    {
        return spec;
    }

    Deployment current()
    {
        return current;
    }

    /**
     * @return the route of prefix number {@code index}, holding the current version until its
     *         release. I/O thread; allocates nothing.
     */
    Route acquire(final int index)
    {
        Deployment deployment = current;
        while (!deployment.tryAcquire())
        {
            // NOTE: replaced and released between the read and the acquire; the next read sees its successor.
            final Deployment next = current;
            if (next == deployment)
            {
                throw new IllegalStateException(spec.describe() + " has been unloaded: the server is stopping");
            }
            deployment = next;
        }
        return deployment.route(index);
    }

    /** Makes {@code next} serve new requests and drops the mount's hold on the version before. Deployer's thread. */
    void replace(final Deployment next, final List<JarState> files)
    {
        final Deployment previous = current;
        current = next;
        loadedFiles = files;
        previous.release();
    }

    /** Drops the mount's hold on the current version, at shutdown. Deployer's thread. */
    void unmount()
    {
        current.release();
    }

    /**
     * Polls the package's files. Deployer's thread.
     *
     * @return the files to load, when they differ from the loaded ones and looked the same at the
     *         previous poll too (a copy in progress changes between polls), and no load of them
     *         has failed yet; else null.
     */
    List<JarState> settledChange() throws IOException
    {
        final List<JarState> files = files(spec);
        final boolean settled = files.equals(polledFiles);
        if (!settled)
        {
            polledFiles = files;
            polledFilesFailed = false;
        }
        return settled && !polledFilesFailed && !files.equals(loadedFiles) ? files : null;
    }

    /** Remembers that loading the polled files failed, so that they are not tried again until they change. */
    void polledFilesFailed()
    {
        polledFilesFailed = true;
    }

    /** @return the state of each of a package's jars. */
    static List<JarState> files(final PackageSpec spec) throws IOException
    {
        final List<JarState> files = new ArrayList<>();
        for (final Path jar : spec.jars())
        {
            final BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
            files.add(new JarState(jar, Objects.toString(attributes.fileKey()), attributes.size(), attributes.lastModifiedTime()));
        }
        return files;
    }

    /** What tells one state of a jar from another: its path, inode, size and modification time. */
    record JarState(Path jar, String fileKey, long size, FileTime modified)
    {
    }
}
