package dev.ecbd.server;

import java.util.logging.LogManager;

/**
 * JUL's log manager, but one that keeps its handlers when the JVM shuts down. JUL resets itself
 * (closing every handler) in a shutdown hook of its own, which runs at the same time as ecbd's
 * drain, so the drain's lines ("draining…", "drained in…") were lost. Its handlers write each
 * record as it comes, so nothing is left to flush at exit. Installed by {@link Main} through
 * {@code java.util.logging.manager}, unless another manager is asked for.
 */
public final class DrainLoggingManager extends LogManager
{
    @Override
    public void reset()
    {
        // NOTE: nothing reconfigures logging at run time; the only reset after start-up is JUL's shutdown hook.
    }
}
