package dev.ecbd.testing;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds real jars during a test: compiles Java sources with the JDK's compiler, against the
 * test's own class path and any jars added, and packages the classes with resources.
 */
public final class JarBuilder
{
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> resources = new LinkedHashMap<>();
    private final List<Path> classPath = new ArrayList<>();
    private final List<Path> included = new ArrayList<>();

    /** Adds the source of a public top-level class, by its binary name ({@code sample.Greeter}). */
    public JarBuilder source(final String className, final String code)
    {
        sources.put(className, code);
        return this;
    }

    /** Adds a text resource, by its path in the jar ({@code sample/version.txt}). */
    public JarBuilder resource(final String path, final String text)
    {
        resources.put(path, text);
        return this;
    }

    /** Packages every entry of {@code jar} too: a new version of a jar without compiling again. */
    public JarBuilder include(final Path jar)
    {
        included.add(jar);
        return this;
    }

    /** Compiles against {@code jar} too, without packaging it. */
    public JarBuilder classPath(final Path jar)
    {
        classPath.add(jar);
        return this;
    }

    /**
     * Compiles the sources and writes the jar.
     *
     * @return {@code jar}.
     * @throws IllegalStateException naming the compiler's errors.
     */
    public Path build(final Path jar) throws IOException
    {
        final Path classes = Files.createTempDirectory("jar-builder-");
        try
        {
            compile(classes);
            write(classes, jar);
            return jar;
        }
        finally
        {
            try (Stream<Path> files = Files.walk(classes))
            {
                for (final Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList())
                {
                    Files.delete(file);
                }
            }
        }
    }

    private void compile(final Path classes)
    {
        if (sources.isEmpty())
        {
            return;
        }
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new Source(name, code)));
        final StringBuilder path = new StringBuilder(System.getProperty("java.class.path"));
        classPath.forEach(jar -> path.append(File.pathSeparator).append(jar));
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        final boolean compiled = compiler.getTask(null, null, diagnostics,
            List.of("-d", classes.toString(), "-classpath", path.toString(), "-proc:none", "-Xlint:none"), null, units).call();
        if (!compiled)
        {
            throw new IllegalStateException("the test's sources do not compile: " + diagnostics.getDiagnostics());
        }
    }

    private void write(final Path classes, final Path jar) throws IOException
    {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file); Stream<Path> files = Files.walk(classes))
        {
            for (final Path classFile : files.filter(Files::isRegularFile).sorted().toList())
            {
                out.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(classFile));
                out.closeEntry();
            }
            for (final Path jarToInclude : included)
            {
                try (JarFile in = new JarFile(jarToInclude.toFile()))
                {
                    for (final JarEntry entry : java.util.Collections.list(in.entries()))
                    {
                        out.putNextEntry(new JarEntry(entry.getName()));
                        try (InputStream bytes = in.getInputStream(entry))
                        {
                            bytes.transferTo(out);
                        }
                        out.closeEntry();
                    }
                }
            }
            for (final Map.Entry<String, String> resource : resources.entrySet())
            {
                out.putNextEntry(new JarEntry(resource.getKey()));
                out.write(resource.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    /** A source held in memory. */
    private static final class Source extends SimpleJavaFileObject
    {
        private final String code;

        Source(final String className, final String code)
        {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(final boolean ignoreEncodingErrors)
        {
            return code;
        }
    }
}
