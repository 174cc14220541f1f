package dev.ecbd.testing;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every leak Netty's detector reports, so that tests can fail on one. Registered as a
 * JUnit launcher-session listener, it installs its detector factory (paranoid: every buffer
 * tracked) before any test class, and so before Netty creates its buffer leak detector.
 */
public final class LeakRecorder implements LauncherSessionListener
{
    private static final List<String> LEAKS = new ArrayList<>();

    @Override
    public void launcherSessionOpened(final LauncherSession session)
    {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory()
        {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(final Class<T> resource, final int samplingInterval)
            {
                final ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval);
                detector.setLeakListener((type, records) -> record(type + " leaked:\n" + records));
                return detector;
            }

            /** Netty's abstract, deprecated form; {@code maxActive} has long been ignored by the detector. */
            @Override
            @Deprecated
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(final Class<T> resource, final int samplingInterval, final long maxActive)
            {
                return newResourceLeakDetector(resource, samplingInterval);
            }
        });
    }

    private static synchronized void record(final String leak)
    {
        LEAKS.add(leak);
    }

    /** @return every leak reported so far, and forgets them. */
    public static synchronized List<String> drain()
    {
        final List<String> leaks = new ArrayList<>(LEAKS);
        LEAKS.clear();
        return leaks;
    }
}
