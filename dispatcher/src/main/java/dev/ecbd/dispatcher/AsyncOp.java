package dev.ecbd.dispatcher;

/** The asynchronous operation in flight on an ECB, kept in its slot's async-op field. */
final class AsyncOp
{
    static final int NONE = 0;
    static final int WRITE = 1;
    static final int TRANSMIT_FILE = 2;
    static final int READ = 3;
    static final int EXTERNAL = 4;

    private AsyncOp()
    {
    }

    static String name(final int operation)
    {
        return switch (operation)
        {
            case NONE -> "none";
            case WRITE -> "write";
            case TRANSMIT_FILE -> "transmit-file";
            case READ -> "read";
            case EXTERNAL -> "wait for external work";
            default -> "operation " + operation;
        };
    }
}
