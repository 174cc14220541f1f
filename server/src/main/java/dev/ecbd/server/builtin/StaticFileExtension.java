package dev.ecbd.server.builtin;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.HttpFields;
import dev.ecbd.api.PlainTextResponse;
import dev.ecbd.api.RequestView;
import dev.ecbd.dispatcher.InlineWhenReady;

import java.io.IOException;

/**
 * Serves files under a document root ({@link DocumentRoot} says which paths reach which files),
 * sending their bytes with transmit-file, zero-copy, as the response's final send (or, for a small
 * file held in memory, with the head in one write: see {@link CachedFile}).
 *
 * <ul>
 * <li>{@code ETag} (size and modification time) and {@code Last-Modified}; {@code If-None-Match}
 * and, without it, {@code If-Modified-Since} answer 304.</li>
 * <li>One {@code Range} answers 206, or 416 when it starts past the end; {@code If-Range} that no
 * longer matches, several ranges, or a malformed header send the whole file (see
 * {@link ByteRange}).</li>
 * <li>{@code HEAD} answers the same headers without a body; other methods get 405.</li>
 * </ul>
 *
 * <p>Files are held open in an {@link OpenFileCache}. A {@code GET} or {@code HEAD} for a file held
 * fresh there runs inline on the I/O thread that read it ({@link InlineWhenReady}): it makes no
 * system call, and its final send leaves from that thread, so it never crosses to a worker. Every
 * other request goes to the worker, which resolves the path and opens or checks the file.
 */
public final class StaticFileExtension implements Extension, InlineWhenReady
{
    private final DocumentRoot root;
    private final OpenFileCache cache;

    /**
     * @param root the document root.
     * @param cache where its files are held open.
     */
    public StaticFileExtension(final DocumentRoot root, final OpenFileCache cache)
    {
        this.root = root;
        this.cache = cache;
    }

    @Override
    public boolean readyInline(final RequestView request)
    {
        final String method = request.method();
        return ("GET".equals(method) || "HEAD".equals(method)) && cache.holdsFresh(request.path(), System.nanoTime());
    }

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        final ExtensionStatus refused = PlainTextResponse.requireMethod(ecb, "GET", "HEAD");
        if (refused != null)
        {
            return refused;
        }
        final String path = ecb.path();
        final CachedFile fresh = cache.fresh(path, System.nanoTime());
        if (fresh != null)
        {
            return serveAndRelease(ecb, fresh);
        }
        return switch (root.resolve(path))
        {
            case DocumentRoot.Found found -> serveAndRelease(ecb, cache.open(path, found, System.nanoTime()));
            case DocumentRoot.Redirect redirect ->
            {
                cache.forget(path);
                yield Responses.text(ecb, 301, "Location: " + redirect.location() + (ecb.query().isEmpty() ? "" : "?" + ecb.query()) + "\r\n",
                    "moved to " + redirect.location());
            }
            case DocumentRoot.Refused no ->
            {
                cache.forget(path);
                yield Responses.text(ecb, no.status(), "", no.reason());
            }
        };
    }

    /** Serves {@code file}, then drops the caller's reference to it (a transmission holds its own). */
    private static ExtensionStatus serveAndRelease(final ExtensionControlBlock ecb, final CachedFile file) throws IOException
    {
        try
        {
            return serve(ecb, file);
        }
        finally
        {
            file.release();
        }
    }

    private static ExtensionStatus serve(final ExtensionControlBlock ecb, final CachedFile file) throws IOException
    {
        if (notModified(ecb, file))
        {
            ecb.sendResponseHeader(304, file.validators());
            return ExtensionStatus.SUCCESS;
        }
        final long size = file.size();
        final String ifRange = ecb.header("If-Range");
        final String rangeHeader = ecb.header("Range");
        final ByteRange range = rangeHeader == null ? null
            : ifRange == null || ifRange.equals(file.etag()) || ifRange.equals(file.lastModified()) ? ByteRange.parse(rangeHeader, size) : null;
        if (range == ByteRange.UNSATISFIABLE)
        {
            return Responses.text(ecb, 416, "Content-Range: bytes */" + size + "\r\n", "range not satisfiable for " + size + " bytes");
        }
        if (range == null)
        {
            ecb.sendResponseHeader(200, file.wholeFileHead());
        }
        else
        {
            ecb.sendResponseHeader(206, "Content-Type: " + MimeTypes.forFileName(file.path().getFileName().toString()) + "\r\n"
                + "Content-Length: " + range.length() + "\r\n"
                + "Content-Range: bytes " + range.first() + "-" + range.last() + "/" + size + "\r\n"
                + "Accept-Ranges: bytes\r\n"
                + file.validators());
        }
        final long length = range == null ? size : range.length();
        if (length == 0 || "HEAD".equals(ecb.method()))
        {
            return ExtensionStatus.SUCCESS;
        }
        final long offset = range == null ? 0 : range.first();
        final byte[] content = file.content();
        if (content != null)
        {
            ecb.writeClient(content, (int)offset, (int)length);
            return ExtensionStatus.SUCCESS;
        }
        ecb.transmitFile(FileTransmission.finalRegion(file, offset, length));
        return ExtensionStatus.PENDING;
    }

    private static boolean notModified(final ExtensionControlBlock ecb, final CachedFile file)
    {
        final String ifNoneMatch = ecb.header("If-None-Match");
        if (ifNoneMatch != null)
        {
            return matchesAny(ifNoneMatch, file.etag());
        }
        final String ifModifiedSince = ecb.header("If-Modified-Since");
        if (ifModifiedSince == null)
        {
            return false;
        }
        final long since = HttpFields.parseDate(ifModifiedSince);
        return since >= 0 && file.modifiedSeconds() <= since;
    }

    private static boolean matchesAny(final String ifNoneMatch, final String etag)
    {
        for (final String candidate : ifNoneMatch.split(","))
        {
            final String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag))
            {
                return true;
            }
        }
        return false;
    }
}
