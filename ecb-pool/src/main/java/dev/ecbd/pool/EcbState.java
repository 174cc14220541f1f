package dev.ecbd.pool;

/**
 * The states of an ECB slot, kept in the low bits of its state word. A request walks
 * {@code FREE → DISPATCHED → RUNNING ⇄ PENDING → ENDING → FINISHING → FREE}; the generation
 * increases on the step into {@code ENDING}, which is the end of the request as the extension sees
 * it.
 *
 * <ul>
 * <li>{@link #FREE}: in its partition's free stack; owned by the pool.</li>
 * <li>{@link #DISPATCHED}: filled by an I/O thread and queued to its worker.</li>
 * <li>{@link #RUNNING}: the worker is inside a call into the extension.</li>
 * <li>{@link #PENDING}: the extension owns the ECB and no call is under way.</li>
 * <li>{@link #ENDING}: the session has ended (new generation); the worker has yet to finish it.</li>
 * <li>{@link #FINISHING}: the response's last bytes are with the I/O thread, which recycles the
 * slot.</li>
 * </ul>
 */
public final class EcbState
{
    public static final int FREE = 0;
    public static final int DISPATCHED = 1;
    public static final int RUNNING = 2;
    public static final int PENDING = 3;
    public static final int ENDING = 4;
    public static final int FINISHING = 5;

    private EcbState()
    {
    }

    /** @return a readable name for a state code, for messages. */
    public static String name(final int state)
    {
        return switch (state)
        {
            case FREE -> "FREE";
            case DISPATCHED -> "DISPATCHED";
            case RUNNING -> "RUNNING";
            case PENDING -> "PENDING";
            case ENDING -> "ENDING";
            case FINISHING -> "FINISHING";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
