package dev.ecbd.os;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileDescriptorsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldOpenAFileWhoseDescriptorReachesItEvenAfterItIsReplaced() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("a.txt"), "first");
        final int descriptor = FileDescriptors.openReadOnly(file);
        assertTrue(descriptor >= 0, "descriptor " + descriptor);
        try
        {
            Files.move(Files.writeString(dir.resolve("b.txt"), "second"), file, StandardCopyOption.REPLACE_EXISTING);
            assertEquals("first", Files.readString(FileDescriptors.reopenPath(descriptor)));
        }
        finally
        {
            FileDescriptors.close(descriptor);
        }
        assertFalse(Files.exists(FileDescriptors.reopenPath(descriptor)), "closed");
    }

    @Test
    void shouldAnswerMinusOneForAFileThatCannotBeOpened()
    {
        assertEquals(-1, FileDescriptors.openReadOnly(dir.resolve("missing")));
    }
}
