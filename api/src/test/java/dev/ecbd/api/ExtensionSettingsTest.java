package dev.ecbd.api;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ExtensionSettingsTest
{
    private final ExtensionSettings settings = ExtensionSettings.of("hello", Map.of("greeting", "hi", "limit", " 42 ", "bad", "x", "dir", "data"),
        Path.of("/etc/ecbd"));

    @Test
    void shouldAnswerStringsIntegersAndPathsFromTheConfigurationFilesDirectory()
    {
        assertEquals("hello", settings.name());
        assertEquals(Set.of("bad", "dir", "greeting", "limit"), settings.keys());
        assertEquals("hi", settings.get("greeting"));
        assertNull(settings.get("missing"));
        assertEquals("fallback", settings.get("missing", "fallback"));
        assertEquals(42, settings.integer("limit", 0));
        assertEquals(7, settings.integer("missing", 7));
        assertEquals(Path.of("/etc/ecbd/data"), settings.path("dir", "unused"));
        assertEquals(Path.of("/etc/ecbd/other"), settings.path("missing", "other"));
        assertEquals(Path.of("/var/lib/x"), settings.path("missing", "/var/lib/x"));
    }

    @Test
    void shouldNameTheExtensionAndTheKeyOfAValueThatIsNotAnInteger()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> settings.integer("bad", 0));
        assertEquals("setting 'bad' of extension 'hello' must be an integer: x", ex.getMessage());
    }
}
