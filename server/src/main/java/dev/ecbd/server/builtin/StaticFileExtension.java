package dev.ecbd.server.builtin;

import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.FileTransmission;
import dev.ecbd.api.HttpFields;
import dev.ecbd.api.IoCompletion;
import dev.ecbd.api.IoErrors;
import dev.ecbd.api.PlainTextResponse;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Serves files under a document root ({@link DocumentRoot} says which paths reach which files),
 * sending their bytes with transmit-file, zero-copy.
 *
 * <ul>
 * <li>{@code ETag} (size and modification time) and {@code Last-Modified}; {@code If-None-Match}
 * and, without it, {@code If-Modified-Since} answer 304.</li>
 * <li>One {@code Range} answers 206, or 416 when it starts past the end; {@code If-Range} that no
 * longer matches, several ranges, or a malformed header send the whole file (see
 * {@link ByteRange}).</li>
 * <li>{@code HEAD} answers the same headers without a body; other methods get 405.</li>
 * </ul>
 */
public final class StaticFileExtension implements Extension
{
    private static final IoCompletion END_WHEN_SENT = (ecb, context, bytes, errorCode) ->
        ecb.doneWithSession(errorCode == IoErrors.NONE ? ExtensionStatus.SUCCESS : ExtensionStatus.ERROR);

    private final DocumentRoot root;

    /** @param root the document root. */
    public StaticFileExtension(final DocumentRoot root)
    {
        this.root = root;
    }

    @Override
    public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
    {
        final ExtensionStatus refused = PlainTextResponse.requireMethod(ecb, "GET", "HEAD");
        if (refused != null)
        {
            return refused;
        }
        return switch (root.resolve(ecb.path()))
        {
            case DocumentRoot.Found found -> serve(ecb, found);
            case DocumentRoot.Redirect redirect ->
                Responses.text(ecb, 301, "Location: " + redirect.location() + (ecb.query().isEmpty() ? "" : "?" + ecb.query()) + "\r\n", "moved to " + redirect.location());
            case DocumentRoot.Refused no -> Responses.text(ecb, no.status(), "", no.reason());
        };
    }

    private static ExtensionStatus serve(final ExtensionControlBlock ecb, final DocumentRoot.Found found) throws IOException
    {
        final long size = found.attributes().size();
        final long modified = found.attributes().lastModifiedTime().to(TimeUnit.SECONDS);
        final String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(found.attributes().lastModifiedTime().to(TimeUnit.NANOSECONDS)) + "\"";
        final String lastModified = HttpFields.formatDate(modified);
        final String validators = "ETag: " + etag + "\r\nLast-Modified: " + lastModified + "\r\n";

        if (notModified(ecb, etag, modified))
        {
            ecb.sendResponseHeader(304, validators);
            return ExtensionStatus.SUCCESS;
        }
        final String ifRange = ecb.header("If-Range");
        final ByteRange range = ifRange == null || ifRange.equals(etag) || ifRange.equals(lastModified) ? ByteRange.parse(ecb.header("Range"), size) : null;
        if (range == ByteRange.UNSATISFIABLE)
        {
            return Responses.text(ecb, 416, "Content-Range: bytes */" + size + "\r\n", "range not satisfiable for " + size + " bytes");
        }
        final long offset = range == null ? 0 : range.first();
        final long length = range == null ? size : range.length();
        ecb.sendResponseHeader(range == null ? 200 : 206,
            "Content-Type: " + MimeTypes.forFileName(found.file().getFileName().toString()) + "\r\n"
                + "Content-Length: " + length + "\r\n"
                + (range == null ? "" : "Content-Range: bytes " + range.first() + "-" + range.last() + "/" + size + "\r\n")
                + "Accept-Ranges: bytes\r\n"
                + validators);
        if (length == 0 || "HEAD".equals(ecb.method()))
        {
            return ExtensionStatus.SUCCESS;
        }
        ecb.ioCompletion(END_WHEN_SENT, null);
        ecb.transmitFile(FileTransmission.region(found.file(), offset, length));
        return ExtensionStatus.PENDING;
    }

    private static boolean notModified(final ExtensionControlBlock ecb, final String etag, final long modified)
    {
        final String ifNoneMatch = ecb.header("If-None-Match");
        if (ifNoneMatch != null)
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
        final String ifModifiedSince = ecb.header("If-Modified-Since");
        if (ifModifiedSince == null)
        {
            return false;
        }
        final long since = HttpFields.parseDate(ifModifiedSince);
        return since >= 0 && modified <= since;
    }
}
