package dev.ecbd.dispatcher;

/** What {@link Dispatcher#admit} did with a request. */
public enum Admission
{
    /** Queued to its worker, or already run inline on the admitting I/O thread. */
    ADMITTED,
    /** Every ECB slot is in use: shed the request (503). */
    NO_SLOT,
    /** The worker's queue is at its capacity: shed the request (503); its slot is back in the pool. */
    QUEUE_FULL
}
