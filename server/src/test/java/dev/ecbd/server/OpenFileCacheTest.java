package dev.ecbd.server;

import dev.ecbd.transport.TransportKind;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The document root's files held open: consistent while held, checked again under the root's rules, bounded. */
@ExtendWith(NoLeaks.class)
class OpenFileCacheTest
{
    private static final String TRANSPORTS = "dev.ecbd.server.Transports#available";
    private static final Pattern OPEN_FILES = Pattern.compile("(?m)^ecbd_open_files (\\d+)\\.0$");

    @TempDir
    Path workspace;

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldSendTheFileHeldWholeWithItsOwnHeadersUntilItIsCheckedAgain(final TransportKind transport) throws Exception
    {
        final Path site = siteWithPage();
        try (TestServer server = serving(transport, site, 16, Duration.ofHours(1));
            RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response first = client.get("/page.txt").read();
            assertEquals("first version\n", first.text());
            replace(site.resolve("page.txt"), "the second, longer version\n");
            for (int i = 0; i < 3; i++)
            {
                final RawClient.Response again = client.get("/page.txt").read();
                assertEquals("first version\n", again.text(), "the file held is sent until it is checked again");
                assertEquals(first.header("ETag"), again.header("ETag"));
                assertEquals("14", again.header("Content-Length"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldSeeAReplacedFileALinkOutAndARemovalWhenCheckedAgain(final TransportKind transport) throws Exception
    {
        final Path site = Files.createDirectories(workspace.resolve("site"));
        final Path page = Files.writeString(site.resolve("page.txt"), "first version\n");
        final Path secret = Files.writeString(workspace.resolve("secret.txt"), "outside the root\n");
        try (TestServer server = serving(transport, site, 16, Duration.ZERO);
            RawClient client = new RawClient(server.port()))
        {
            final RawClient.Response first = client.get("/page.txt").read();
            assertEquals("first version\n", first.text());
            replace(page, "the second, longer version\n");
            final RawClient.Response second = client.get("/page.txt").read();
            assertEquals("the second, longer version\n", second.text());
            assertNotEquals(first.header("ETag"), second.header("ETag"));
            assertEquals(304, client.send("GET /page.txt HTTP/1.1\r\nHost: t\r\nIf-None-Match: " + second.header("ETag") + "\r\n\r\n").read().status());

            Files.delete(page);
            Files.createSymbolicLink(page, secret);
            assertEquals(403, client.get("/page.txt").read().status(), "a link out of the root is refused however the file was held");
            Files.delete(page);
            assertEquals(404, client.get("/page.txt").read().status());
            assertEquals(0, openFiles(client));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldHoldNoMoreFilesThanItsBoundAndServeEveryOneRight(final TransportKind transport) throws Exception
    {
        final Path site = Files.createDirectories(workspace.resolve("site"));
        for (int i = 0; i < 6; i++)
        {
            Files.writeString(site.resolve("f" + i + ".txt"), ("file " + i + "\n").repeat(i + 1));
        }
        try (TestServer server = serving(transport, site, 2, Duration.ofHours(1));
            RawClient client = new RawClient(server.port()))
        {
            for (int round = 0; round < 3; round++)
            {
                for (int i = 0; i < 6; i++)
                {
                    assertEquals(("file " + i + "\n").repeat(i + 1), client.get("/f" + i + ".txt").read().text());
                    assertTrue(openFiles(client) <= 2);
                }
            }
            assertEquals(2, openFiles(client));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void shouldOpenEachFilePerRequestWhenHoldingNone(final TransportKind transport) throws Exception
    {
        final Path site = siteWithPage();
        try (TestServer server = serving(transport, site, 0, Duration.ofHours(1));
            RawClient client = new RawClient(server.port()))
        {
            assertEquals("first version\n", client.get("/page.txt").read().text());
            replace(site.resolve("page.txt"), "second\n");
            assertEquals("second\n", client.get("/page.txt").read().text());
            assertEquals(0, openFiles(client));
        }
    }

    /** @return a document root holding page.txt, "first version". */
    private Path siteWithPage() throws Exception
    {
        final Path site = Files.createDirectories(workspace.resolve("site"));
        Files.writeString(site.resolve("page.txt"), "first version\n");
        return site;
    }

    private static TestServer serving(final TransportKind transport, final Path site, final int openFiles, final Duration valid) throws Exception
    {
        return TestServer.start(transport, config -> config.documentRoot(site).openFileCache(openFiles, valid), map -> { });
    }

    /** Replaces {@code file} as deployments do: a new file renamed over the old one (a new inode). */
    private static void replace(final Path file, final String content) throws Exception
    {
        final Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), content);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int openFiles(final RawClient client) throws Exception
    {
        final Matcher matcher = OPEN_FILES.matcher(client.get("/metrics").read().text());
        assertTrue(matcher.find(), "ecbd_open_files in /metrics");
        return Integer.parseInt(matcher.group(1));
    }
}
