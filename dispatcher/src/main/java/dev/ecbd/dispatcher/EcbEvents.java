package dev.ecbd.dispatcher;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The ECB's lifecycle as JDK Flight Recorder events, all off unless a recording enables them
 * ({@code bin/lib/ecbd.jfc}): a request from its admission to its end, its dispatch to the worker,
 * and each asynchronous operation from its start to its completion. With them off, each point
 * costs one check of a flag and allocates nothing.
 */
final class EcbEvents
{
    /** Instances that only answer whether their event type is enabled in some recording. */
    static final RequestEvent REQUEST = new RequestEvent();
    static final DispatchedEvent DISPATCHED = new DispatchedEvent();
    static final AsyncIoEvent ASYNC_IO = new AsyncIoEvent();

    private EcbEvents()
    {
    }

    /** A request's whole life in its ECB: begins when an I/O thread admits it, ends when its session ends. */
    @Name("dev.ecbd.Request")
    @Label("ECB Request")
    @Category({"ecbd"})
    @Description("A request from its admission to the end of its session; committed by the thread that ends it")
    @Enabled(false)
    @StackTrace(false)
    static final class RequestEvent extends Event
    {
        @Label("Slot")
        int slot;
        @Label("Generation")
        long generation;
        @Label("Connection")
        long connection;
        @Label("Sequence on the connection")
        long sequence;
        @Label("Worker")
        int worker;
        @Label("Path")
        String path;
        @Label("End")
        String end;
    }

    /** The moment a worker takes a request from its queue. */
    @Name("dev.ecbd.Dispatched")
    @Label("ECB Dispatched")
    @Category({"ecbd"})
    @Description("A worker (or, inline, the I/O thread) starts the extension for a request")
    @Enabled(false)
    @StackTrace(false)
    static final class DispatchedEvent extends Event
    {
        @Label("Slot")
        int slot;
        @Label("Generation")
        long generation;
        @Label("Queue Wait")
        @Timespan(Timespan.NANOSECONDS)
        long queueWait;
    }

    /** One asynchronous operation of an extension, from its start to its completion's delivery. */
    @Name("dev.ecbd.AsyncIo")
    @Label("ECB Asynchronous Operation")
    @Category({"ecbd"})
    @Description("An asynchronous write, read, file transmission or external wait, from its start to the delivery of its completion")
    @Enabled(false)
    @StackTrace(false)
    static final class AsyncIoEvent extends Event
    {
        @Label("Slot")
        int slot;
        @Label("Generation")
        long generation;
        @Label("Operation")
        String operation;
        @Label("Bytes")
        long bytes;
        @Label("Error Code")
        int errorCode;
    }
}
