package dev.ecbd.server;

import dev.ecbd.server.config.ConfigFile;
import dev.ecbd.server.deploy.Deployer;
import dev.ecbd.testing.ExpectedWarnings;
import dev.ecbd.testing.JarBuilder;
import dev.ecbd.testing.NoLeaks;
import dev.ecbd.testing.RawClient;
import dev.ecbd.transport.TransportKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Extension packages built as real jars during the test, loaded through the configuration file:
 * isolation, lifecycle, replacement under load, and the errors of a bad configuration.
 */
@ExtendWith(NoLeaks.class)
class DeploymentTest
{
    private static final String LIBRARY = """
        package lib;
        public final class Library
        {
            public static String version()
            {
                return "%s";
            }
        }
        """;

    /** Answers its greeting setting, its build (a resource), its library's version and what of the server it can see. */
    private static final String GREETER = """
        package sample;

        import dev.ecbd.api.*;
        import java.io.*;
        import java.nio.charset.StandardCharsets;
        import java.nio.file.*;

        public final class Greeter implements Extension
        {
            private String greeting;
            private String build;
            private Path unloads;

            @Override
            public void load(final ExtensionSettings settings) throws IOException
            {
                greeting = settings.get("greeting", "hello");
                unloads = settings.path("unloads", "unloads.txt");
                try (InputStream in = Greeter.class.getResourceAsStream("build.txt"))
                {
                    build = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }

            @Override
            public ExtensionStatus handle(final ExtensionControlBlock ecb) throws IOException
            {
                PlainTextResponse.send(ecb, 200, "", greeting + " from " + build + ", library " + lib.Library.version()
                    + ", netty " + visible("io.netty.buffer.ByteBuf") + ", server " + visible("dev.ecbd.server.Ecbd"));
                return ExtensionStatus.SUCCESS;
            }

            @Override
            public void unload()
            {
                try
                {
                    Files.writeString(unloads, build + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                catch (IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }

            private static String visible(final String name)
            {
                try
                {
                    Class.forName(name);
                    return "visible";
                }
                catch (ClassNotFoundException ex)
                {
                    return "hidden";
                }
            }
        }
        """;

    @RegisterExtension
    final ExpectedWarnings warnings = new ExpectedWarnings("dev.ecbd");

    @TempDir
    Path dir;

    private Path greeterClasses;

    @BeforeEach
    void buildPackages() throws IOException
    {
        final Path libraryOne = new JarBuilder().source("lib.Library", LIBRARY.formatted("1.0")).build(dir.resolve("lib-1.0.jar"));
        final Path libraryTwo = new JarBuilder().source("lib.Library", LIBRARY.formatted("2.0")).build(dir.resolve("lib-2.0.jar"));
        greeterClasses = new JarBuilder().source("sample.Greeter", GREETER).classPath(libraryOne).build(dir.resolve("greeter-classes.jar"));
        for (final String name : List.of("alpha", "beta"))
        {
            Files.createDirectories(dir.resolve(name));
            greeter(name, name + "-1");
        }
        Files.copy(libraryOne, dir.resolve("alpha/lib-1.0.jar"));
        Files.copy(libraryTwo, dir.resolve("beta/lib-2.0.jar"));
        Files.writeString(dir.resolve("ecbd.yaml"), """
            extensions:
              - name: alpha
                path: alpha
                class: sample.Greeter
                urls: [/alpha]
                settings:
                  greeting: hi
                  unloads: alpha-unloads.txt
              - name: beta
                path: beta
                class: sample.Greeter
                urls: [/beta, /b]
            """);
    }

    @Test
    void shouldServeTwoPackagesWithConflictingLibrariesSideBySideSeeingNothingOfTheServer() throws Exception
    {
        try (Ecbd ecbd = start(Duration.ZERO); RawClient client = new RawClient(ecbd.server().port()))
        {
            assertEquals("hi from alpha-1, library 1.0, netty hidden, server hidden", client.get("/alpha").read().text().strip());
            assertEquals("hello from beta-1, library 2.0, netty hidden, server hidden", client.get("/beta").read().text().strip());
            assertEquals("hello from beta-1, library 2.0, netty hidden, server hidden", client.get("/b/more").read().text().strip());
        }
    }

    @Test
    void shouldReplaceAPackageUnderLoadWithoutAFailedRequestAndCollectTheOldLoaders() throws Exception
    {
        final int versions = 20;
        try (Ecbd ecbd = start(Duration.ofMillis(20)))
        {
            final Queue<String> failures = new ConcurrentLinkedQueue<>();
            final AtomicLong served = new AtomicLong();
            final AtomicBoolean stop = new AtomicBoolean();
            final List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 2; i++)
            {
                clients.add(Thread.ofPlatform().name("client-" + i).start(() -> load(ecbd.server().port(), stop, served, failures)));
            }
            try (RawClient client = new RawClient(ecbd.server().port()))
            {
                for (int version = 2; version <= versions + 1; version++)
                {
                    final String build = "alpha-" + version;
                    final long before = served.get();
                    replace(greeter("next", build), dir.resolve("alpha/greeter.jar"));
                    TestServer.awaitUntil(() -> answer(client).contains("from " + build + ",") && served.get() > before,
                        () -> build + " never served; /alpha answers " + answer(client));
                }
            }
            stop.set(true);
            for (final Thread thread : clients)
            {
                thread.join();
            }
            assertEquals(List.of(), List.copyOf(failures));
            assertEquals(versions, ecbd.deployer().reloads());
            final Deployer deployer = ecbd.deployer();
            TestServer.awaitUntil(() ->
            {
                System.gc();
                return deployer.liveLoaders() == 2;
            }, () -> deployer.liveLoaders() + " extension class loaders still reachable; 2 serve");
            final List<String> unloaded = Files.readAllLines(dir.resolve("alpha-unloads.txt"));
            assertEquals(versions, unloaded.size(), unloaded::toString);
            assertTrue(served.get() > versions, "served " + served);
        }
    }

    @Test
    void shouldKeepServingTheLoadedVersionWhenANewJarDoesNotLoad() throws Exception
    {
        warnings.expect("reload failed, the loaded version goes on serving: extension 'alpha'");
        try (Ecbd ecbd = start(Duration.ofMillis(20)); RawClient client = new RawClient(ecbd.server().port()))
        {
            final Path broken = dir.resolve("broken.jar");
            Files.writeString(broken, "not a jar");
            replace(broken, dir.resolve("alpha/greeter.jar"));
            TestServer.awaitUntil(() -> ecbd.deployer().failedReloads() == 1, () -> "the broken jar was never tried");
            assertEquals("hi from alpha-1, library 1.0, netty hidden, server hidden", client.get("/alpha").read().text().strip());
            replace(greeter("next", "alpha-2"), dir.resolve("alpha/greeter.jar"));
            TestServer.awaitUntil(() -> answer(client).contains("from alpha-2,"), () -> "the mended jar never served");
        }
        assertEquals(List.of("alpha-1", "alpha-2"), Files.readAllLines(dir.resolve("alpha-unloads.txt")));
    }

    @Test
    void shouldRefuseABadConfigurationWithOneLineNamingWhatIsWrongAndExitCode2() throws IOException
    {
        for (final String[] bad : new String[][] {
            {"max-bdy: 1G\n", "ecbd.yaml:1: unknown key 'max-bdy'"},
            {"port: 8080\nmax-body: lots\n", "ecbd.yaml:2: max-body: 'lots' is not a size"},
            {"extensions:\n  - name: x\n    path: missing.jar\n    class: sample.Greeter\n    urls: /x\n", "extension 'x' (" + dir.resolve("bad/missing.jar") + "), class sample.Greeter: cannot read the package: no such jar or directory"},
            {"extensions:\n  - name: x\n    path: alpha\n    class: lib.Library\n    urls: /x\n", "class lib.Library: is neither a dev.ecbd.api.Extension nor a dev.ecbd.handlers.HandlerFactory"},
            {"extensions:\n  - name: x\n    path: alpha\n    class: sample.Missing\n    urls: /x\n", "class sample.Missing: no such class in the package"},
            {"extensions:\n  - name: x\n    path: alpha\n    class: sample.Greeter\n", "ecbd.yaml:2: extensions[0].urls: missing"},
            {"extensions:\n  - name: x\n    jar: alpha\n", "ecbd.yaml:3: extensions[0]: unknown key 'jar'"},
            {"extensions:\n  - name: a/b\n    path: alpha\n    class: sample.Greeter\n    urls: /x\n", "ecbd.yaml:2: extensions[0].name: letters, digits"}})
        {
            final Path file = dir.resolve("bad/ecbd.yaml");
            Files.createDirectories(file.getParent());
            Files.writeString(file, bad[0].replace("alpha", dir.resolve("alpha").toString()));
            final StringWriter err = new StringWriter();
            assertEquals(2, Main.run(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err, true), "--config", file.toString(), "--port", "0"), bad[0]);
            final String text = err.toString().strip();
            assertTrue(text.startsWith("ecbd: ") && !text.contains("\n") && text.contains(bad[1].replace("ecbd.yaml", file.toString())),
                () -> bad[0] + " printed: " + text);
        }
    }

    private Ecbd start(final Duration reloadInterval) throws Exception
    {
        final EcbdConfig.Builder config = EcbdConfig.builder().reloadInterval(reloadInterval);
        ConfigFile.read(dir.resolve("ecbd.yaml"), Set.of()).extensions().forEach(config::extension);
        config.http().port(0).transport(TransportKind.NIO).ioThreads(1);
        config.dispatcher().workers(2).poolSize(64);
        return Ecbd.start(config.build());
    }

    /** @return a greeter jar of build {@code build}: the same classes, another resource. */
    private Path greeter(final String packageName, final String build) throws IOException
    {
        return new JarBuilder().include(greeterClasses).resource("sample/build.txt", build)
            .build(dir.resolve(packageName.equals("next") ? "next-greeter.jar" : packageName + "/greeter.jar"));
    }

    /** Puts {@code jar} in place of {@code target} in one rename, as a deployment should. */
    private static void replace(final Path jar, final Path target) throws IOException
    {
        Files.move(jar, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String answer(final RawClient client)
    {
        try
        {
            return client.get("/alpha").read().text();
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    private static void load(final int port, final AtomicBoolean stop, final AtomicLong served, final Queue<String> failures)
    {
        try (RawClient client = new RawClient(port))
        {
            while (!stop.get())
            {
                final RawClient.Response response = client.get("/alpha").read();
                if (response.status() == 200 && response.text().startsWith("hi from alpha-"))
                {
                    served.incrementAndGet();
                }
                else
                {
                    failures.add(response.status() + " " + response.text());
                }
            }
        }
        catch (final IOException ex)
        {
            failures.add(ex.toString());
        }
    }
}
