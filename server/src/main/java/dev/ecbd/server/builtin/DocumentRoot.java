package dev.ecbd.server.builtin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Maps request paths to files under a document root, so that no path escapes it.
 *
 * <ol>
 * <li>The path is percent-decoded once, as UTF-8. An encoded slash or backslash ({@code %2F},
 * {@code %5C}) or NUL never names a file: 404. Malformed escapes or UTF-8 are a 400.</li>
 * <li>A {@code .} or {@code ..} segment, or a backslash, never names a file: 404.</li>
 * <li>The file's real path (symbolic links followed) must lie under the root's real path; a link
 * leading out is a 403. Each component is looked at without following links; only a path that
 * passes through a link pays for resolving its real path.</li>
 * <li>A directory is served by its {@code index.html}; asked for without its trailing slash, it
 * redirects to it (so relative links inside it work). There are no listings.</li>
 * </ol>
 */
public final class DocumentRoot
{
    /** What a request path maps to. */
    sealed interface Resolution
    {
    }

    record Found(Path file, BasicFileAttributes attributes) implements Resolution
    {
    }

    record Redirect(String location) implements Resolution
    {
    }

    record Refused(int status, String reason) implements Resolution
    {
    }

    private static final Refused NOT_FOUND = new Refused(404, "no such file");

    private final Path root;

    /**
     * @param root a readable directory.
     * @throws java.io.UncheckedIOException when it cannot be read.
     * @throws IllegalArgumentException when it is not a directory.
     */
    public DocumentRoot(final Path root)
    {
        try
        {
            this.root = root.toRealPath();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("document root " + root + " cannot be read", ex);
        }
        if (!Files.isDirectory(this.root))
        {
            throw new IllegalArgumentException("document root " + root + " is not a directory");
        }
    }

    Path root()
    {
        return root;
    }

    /**
     * {@code HSE_REQ_MAP_URL_TO_PATH}: where a request path would be under the root, by the same
     * decoding and segment rules as {@link #resolve}, without looking at the file system.
     *
     * @return the path, or null when the request path could never name a file.
     */
    public Path map(final String rawPath)
    {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/')
        {
            return null;
        }
        final String decoded;
        try
        {
            decoded = decode(rawPath);
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
        if (decoded == null)
        {
            return null;
        }
        Path path = root;
        for (final String segment : decoded.split("/"))
        {
            if (segment.isEmpty())
            {
                continue;
            }
            if (neverNamesAFile(segment))
            {
                return null;
            }
            path = path.resolve(segment);
        }
        return path;
    }

    private static boolean neverNamesAFile(final String segment)
    {
        return segment.equals(".") || segment.equals("..") || segment.indexOf('\\') >= 0;
    }

    Resolution resolve(final String rawPath)
    {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/')
        {
            return NOT_FOUND;
        }
        final String decoded;
        try
        {
            decoded = decode(rawPath);
        }
        catch (final IllegalArgumentException ex)
        {
            return new Refused(400, ex.getMessage());
        }
        if (decoded == null)
        {
            return NOT_FOUND;
        }
        Path candidate = root;
        boolean throughLink = false;
        try
        {
            BasicFileAttributes attributes = null;
            for (final String segment : decoded.split("/"))
            {
                if (segment.isEmpty())
                {
                    continue;
                }
                if (neverNamesAFile(segment))
                {
                    return NOT_FOUND;
                }
                candidate = candidate.resolve(segment);
                // NOTE: one lstat a component; without a link on the way the path cannot leave the
                // root (no dot segments), so the real-path check is needed only after a link.
                attributes = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                throughLink |= attributes.isSymbolicLink();
            }
            if (throughLink)
            {
                return resolveThroughLinks(candidate, rawPath);
            }
            return resolveDirect(candidate, attributes == null ? Files.readAttributes(root, BasicFileAttributes.class) : attributes, rawPath);
        }
        catch (final IOException ex)
        {
            return NOT_FOUND;
        }
    }

    private Resolution resolveDirect(final Path file, final BasicFileAttributes attributes, final String rawPath) throws IOException
    {
        if (attributes.isDirectory())
        {
            if (!rawPath.endsWith("/"))
            {
                return new Redirect(rawPath + "/");
            }
            final Path index = file.resolve("index.html");
            final BasicFileAttributes indexAttributes = Files.readAttributes(index, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return indexAttributes.isSymbolicLink() ? resolveThroughLinks(index, rawPath)
                : indexAttributes.isRegularFile() ? new Found(index, indexAttributes) : NOT_FOUND;
        }
        return attributes.isRegularFile() ? new Found(file, attributes) : NOT_FOUND;
    }

    private Resolution resolveThroughLinks(final Path candidate, final String rawPath) throws IOException
    {
        Path real = candidate.toRealPath();
        if (!real.startsWith(root))
        {
            return new Refused(403, "that path leads outside the document root");
        }
        if (Files.isDirectory(real))
        {
            if (!rawPath.endsWith("/"))
            {
                return new Redirect(rawPath + "/");
            }
            real = real.resolve("index.html").toRealPath();
            if (!real.startsWith(root))
            {
                return new Refused(403, "that path leads outside the document root");
            }
        }
        final BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        return attributes.isRegularFile() ? new Found(real, attributes) : NOT_FOUND;
    }

    /**
     * @return the decoded path, or null when it decodes to something that never names a file.
     * @throws IllegalArgumentException for a malformed escape or malformed UTF-8.
     */
    private static String decode(final String rawPath)
    {
        if (rawPath.indexOf('%') < 0)
        {
            return rawPath;
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++)
        {
            final char c = rawPath.charAt(i);
            if (c != '%')
            {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= rawPath.length() || Character.digit(rawPath.charAt(i + 1), 16) < 0 || Character.digit(rawPath.charAt(i + 2), 16) < 0)
            {
                throw new IllegalArgumentException("malformed percent-escape in the path");
            }
            final int b = Character.digit(rawPath.charAt(i + 1), 16) * 16 + Character.digit(rawPath.charAt(i + 2), 16);
            if (b == '/' || b == '\\' || b == 0)
            {
                return null;
            }
            bytes.write(b);
            i += 2;
        }
        try
        {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException("the path is not valid UTF-8 once decoded");
        }
    }
}
