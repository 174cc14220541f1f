package dev.ecbd.handlers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StencilParserTest
{
    @TempDir
    Path root;

    private String error(final String template) throws IOException
    {
        Files.writeString(root.resolve("t.html"), template);
        return assertThrows(StencilSyntaxException.class, () -> new StencilCache(root).get("t.html")).getMessage();
    }

    @Test
    void shouldNameFileLineAndColumnOfEverySyntaxError() throws IOException
    {
        assertEquals("t.html:2:3: tag '{{' is never closed by '}}'", error("a\nb {{oops"));
        assertEquals("t.html:1:1: {{else}} without an open {{if}}", error("{{else}}"));
        assertEquals("t.html:1:4: {{endif}} without an open {{if}}", error("x  {{endif}}"));
        assertEquals("t.html:1:1: {{if}} is never closed by {{endif}}", error("{{if a}} open"));
        assertEquals("t.html:3:1: {{while}} is never closed by {{endwhile}}", error("\n\n{{while a}}"));
        assertEquals("t.html:1:14: {{endwhile}} without an open {{while}}", error("{{if a}}{{x}}{{endwhile}}{{endif}}"));
        assertEquals("t.html:1:17: {{else}} without an open {{if}}", error("{{if a}}{{else}}{{else}}{{endif}}"));
        assertEquals("t.html:1:1: if needs a method name, not '9x'", error("{{if 9x}}{{endif}}"));
        assertEquals("t.html:1:2: '{{two words}}' is not a tag: expected {{name}}, {{if name}}, {{else}}, {{endif}}, "
            + "{{while name}}, {{endwhile}} or {{include file}}", error(" {{two words}}"));
        assertEquals("t.html:1:1: {{include missing.html}}: no such file", error("{{include missing.html}}"));
        assertEquals("t.html:1:1: {{include ../x.html}} leads outside the stencil root", error("{{include ../x.html}}"));
        assertEquals("t.html:1:1: {{include t.html}} includes itself", error("{{include t.html}}"));
    }

    @Test
    void shouldNameTheIncludedFileForAnErrorInside() throws IOException
    {
        Files.writeString(root.resolve("part.html"), "ok\n  {{endif}}");
        assertEquals("part.html:2:3: {{endif}} without an open {{if}}", error("{{include part.html}}"));
    }

    @Test
    void shouldReparseOnlyWhenAFileChanged() throws IOException
    {
        final Path file = Files.writeString(root.resolve("t.html"), "{{a}}");
        final Path part = Files.writeString(root.resolve("part.html"), "x");
        Files.writeString(file, "{{a}}{{include part.html}}");
        final StencilCache cache = new StencilCache(root, Duration.ZERO);
        final Stencil first = cache.get("t.html");
        assertSame(first, cache.get("t.html"));
        Files.setLastModifiedTime(part, FileTime.fromMillis(Files.getLastModifiedTime(part).toMillis() + 5000));
        final Stencil second = cache.get("t.html");
        assertNotSame(first, second);
        assertSame(second, cache.get("t.html"));
    }
}
