package dev.ecbd.server;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class JvmDefaultsTest
{
    @Test
    void shouldRunTheServerWithoutNettysLeakDetectorUnlessTold()
    {
        final Properties properties = new Properties();
        JvmDefaults.apply(properties);
        assertEquals("disabled", properties.getProperty(JvmDefaults.LEAK_DETECTION));
        assertEquals(DrainLoggingManager.class.getName(), properties.getProperty(JvmDefaults.LOGGING_MANAGER));
    }

    @Test
    void shouldLeaveEveryPropertyTheJvmWasGiven()
    {
        final Properties given = new Properties();
        given.setProperty(JvmDefaults.LEAK_DETECTION, "simple");
        given.setProperty(JvmDefaults.LOGGING_MANAGER, "java.util.logging.LogManager");
        given.setProperty(JvmDefaults.LOG_FORMAT, "%5$s%n");
        final Properties applied = (Properties)given.clone();
        JvmDefaults.apply(applied);
        assertEquals(given, applied);

        final Properties legacy = new Properties();
        legacy.setProperty(JvmDefaults.LEAK_DETECTION_LEGACY, "advanced");
        JvmDefaults.apply(legacy);
        assertFalse(legacy.containsKey(JvmDefaults.LEAK_DETECTION), "the older property names a level already");
    }
}
