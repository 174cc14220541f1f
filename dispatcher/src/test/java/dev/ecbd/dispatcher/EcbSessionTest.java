package dev.ecbd.dispatcher;

import dev.ecbd.api.ExtensionControlBlock;
import dev.ecbd.api.Extension;
import dev.ecbd.api.ExtensionSettings;
import dev.ecbd.api.ExtensionStatus;
import dev.ecbd.api.IoErrors;
import dev.ecbd.api.NonBlocking;
import dev.ecbd.testing.ExpectedWarnings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ECB state machine driven directly, with real workers and a recording exchange in place of
 * the transport: the test thread plays the I/O thread (admits, reports completions, recycles).
 */
class EcbSessionTest
{
    @RegisterExtension
    final ExpectedWarnings warnings = new ExpectedWarnings("dev.ecbd");

    private final SlotTaken intake = new SlotTaken();
    private RecordingExchange[] exchanges;
    private Dispatcher dispatcher;
    private volatile Extension next;
    private long sequence;

    /** Stands in for the connection: remembers the slots admission filled and took back. */
    private static final class SlotTaken implements RequestIntake
    {
        int filled = -1;
        int unfilled = -1;

        @Override
        public void fill(final int slot)
        {
            filled = slot;
        }

        @Override
        public void unfill(final int slot)
        {
            unfilled = slot;
        }
    }

    /** Answers at once, on the I/O thread that admits it. */
    @NonBlocking
    private static final class Inline implements Extension
    {
        volatile Thread ranOn;

        @Override
        public ExtensionStatus handle(final ExtensionControlBlock ecb)
        {
            ranOn = Thread.currentThread();
            return ExtensionStatus.SUCCESS;
        }
    }

    private void start(final int poolSize, final int queueCapacity, final Duration sessionTimeout)
    {
        final DispatcherConfig config = DispatcherConfig.builder().poolSize(poolSize).workers(1).queueCapacity(queueCapacity)
            .sessionTimeout(sessionTimeout).build();
        exchanges = new RecordingExchange[poolSize];
        for (int i = 0; i < poolSize; i++)
        {
            exchanges[i] = new RecordingExchange();
        }
        dispatcher = new Dispatcher(config, slot -> exchanges[slot], path -> Route.of("", next, ExtensionSettings.none("test")));
        dispatcher.start();
    }

    private void start()
    {
        start(4, 16, Duration.ofSeconds(30));
    }

    private Admission offer(final Extension extension)
    {
        next = extension;
        return dispatcher.admit(0, intake, 1, sequence++, System.nanoTime());
    }

    /** Admits a request for {@code extension}. @return its slot. */
    private int admit(final Extension extension)
    {
        assertEquals(Admission.ADMITTED, offer(extension));
        return intake.filled;
    }

    /** Waits for the request of {@code slot} to end, recycles the slot, and returns how it ended. */
    private RecordingExchange.Ending end(final int slot) throws InterruptedException
    {
        final RecordingExchange.Ending ending = exchanges[slot].awaitEnding();
        exchanges[slot].session().recycle(null, 0);
        return ending;
    }

    private Thread workerThread()
    {
        return dispatcher.workers().get(0).thread();
    }

    @AfterEach
    void stop()
    {
        if (dispatcher != null)
        {
            dispatcher.close();
        }
    }

    @Test
    void shouldRunTheExtensionAndFinishOnItsWorker() throws InterruptedException
    {
        start();
        final CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        final RecordingExchange.Ending ending = end(admit(ecb ->
        {
            ranOn.complete(Thread.currentThread());
            return ExtensionStatus.SUCCESS;
        }));
        assertEquals(SessionEnd.SUCCESS, ending.end());
        assertSame(workerThread(), ranOn.join());
        assertSame(workerThread(), ending.thread());
        assertEquals(0, dispatcher.pool().inUse());
    }

    @Test
    void shouldEndAnExtensionThatAnswersNoStatusAsError() throws InterruptedException
    {
        warnings.expect("returned no status");
        start();
        assertEquals(SessionEnd.ERROR, end(admit(ecb -> null)).end());
    }

    @Test
    void shouldKeepAPendingEcbUntilDoneWithSessionFromAnyThread() throws InterruptedException
    {
        start();
        final CompletableFuture<ExtensionControlBlock> held = new CompletableFuture<>();
        final int slot = admit(ecb ->
        {
            held.complete(ecb);
            return ExtensionStatus.PENDING;
        });
        final ExtensionControlBlock ecb = held.join();
        assertFalse(exchanges[slot].endedAgain());
        ecb.doneWithSession(ExtensionStatus.SUCCESS_AND_CLOSE);
        final RecordingExchange.Ending ending = end(slot);
        assertEquals(SessionEnd.SUCCESS_AND_CLOSE, ending.end());
        assertSame(workerThread(), ending.thread());
        final IllegalStateException twice = assertThrows(IllegalStateException.class, () -> ecb.doneWithSession(ExtensionStatus.SUCCESS));
        assertTrue(twice.getMessage().contains("after its request ended"), twice.getMessage());
    }

    @Test
    void shouldFailAStaleHandleEvenWhenItsSlotCarriesTheNextRequest() throws InterruptedException
    {
        start(1, 16, Duration.ofSeconds(30));
        final CompletableFuture<ExtensionControlBlock> first = new CompletableFuture<>();
        end(admit(ecb ->
        {
            first.complete(ecb);
            return ExtensionStatus.SUCCESS;
        }));
        final CompletableFuture<String> staleUse = new CompletableFuture<>();
        end(admit(ecb ->
        {
            try
            {
                first.join().method();
                staleUse.complete("no failure");
            }
            catch (final IllegalStateException ex)
            {
                staleUse.complete(ex.getMessage());
            }
            return ExtensionStatus.SUCCESS;
        }));
        assertTrue(staleUse.join().contains("after its request ended"), staleUse.join());
    }

    @Test
    void shouldRefuseEcbCallsFromAnotherThread() throws InterruptedException
    {
        start();
        final CompletableFuture<ExtensionControlBlock> held = new CompletableFuture<>();
        final int slot = admit(ecb ->
        {
            held.complete(ecb);
            return ExtensionStatus.PENDING;
        });
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> held.join().method());
        assertTrue(ex.getMessage().contains("called on thread " + Thread.currentThread().getName()), ex.getMessage());
        held.join().doneWithSession(ExtensionStatus.SUCCESS);
        assertEquals(SessionEnd.SUCCESS, end(slot).end());
    }

    @Test
    void shouldRejectASecondAsyncOperationWhileOneIsInFlightAndCompleteTheFirst() throws InterruptedException
    {
        start();
        final CompletableFuture<String> second = new CompletableFuture<>();
        final CompletableFuture<Long> completedBytes = new CompletableFuture<>();
        final int slot = admit(ecb ->
        {
            ecb.ioCompletion((e, context, bytes, error) ->
            {
                completedBytes.complete(bytes);
                e.doneWithSession(error == IoErrors.NONE ? ExtensionStatus.SUCCESS : ExtensionStatus.ERROR);
            }, null);
            ecb.writeClientAsync(new byte[5], 0, 5);
            try
            {
                ecb.writeClientAsync(new byte[1], 0, 1);
                second.complete("no failure");
            }
            catch (final IllegalStateException ex)
            {
                second.complete(ex.getMessage());
            }
            return ExtensionStatus.PENDING;
        });
        final long generation = exchanges[slot].awaitAsyncStart();
        assertTrue(second.join().contains("already in flight"), second.join());
        exchanges[slot].session().completeAsync(generation, 5, IoErrors.NONE);
        assertEquals(5L, completedBytes.join());
        assertEquals(SessionEnd.SUCCESS, end(slot).end());
    }

    @Test
    void shouldRefuseAsyncIoWithoutACompletionCallback() throws InterruptedException
    {
        start();
        final CompletableFuture<String> refused = new CompletableFuture<>();
        end(admit(ecb ->
        {
            try
            {
                ecb.writeClientAsync(new byte[1], 0, 1);
                refused.complete("no failure");
            }
            catch (final IllegalStateException ex)
            {
                refused.complete(ex.getMessage());
            }
            return ExtensionStatus.SUCCESS;
        }));
        assertTrue(refused.join().contains("register an I/O completion callback"), refused.join());
    }

    @Test
    void shouldDropACompletionThatArrivesAfterItsRequestEnded() throws InterruptedException
    {
        start(1, 16, Duration.ofSeconds(30));
        final AtomicInteger callbacks = new AtomicInteger();
        final CompletableFuture<ExtensionControlBlock> held = new CompletableFuture<>();
        final int slot = admit(ecb ->
        {
            ecb.ioCompletion((e, context, bytes, error) -> callbacks.incrementAndGet(), null);
            ecb.writeClientAsync(new byte[1], 0, 1);
            held.complete(ecb);
            return ExtensionStatus.PENDING;
        });
        final long generation = exchanges[slot].awaitAsyncStart();
        held.join().doneWithSession(ExtensionStatus.SUCCESS);
        assertEquals(SessionEnd.SUCCESS, end(slot).end());
        exchanges[slot].session().completeAsync(generation, 1, IoErrors.NONE);
        // NOTE: the worker serves its queue in order: once the next request has ended, the late
        // completion before it has been looked at.
        assertEquals(SessionEnd.SUCCESS, end(admit(ecb -> ExtensionStatus.SUCCESS)).end());
        assertEquals(0, callbacks.get());
    }

    @Test
    void shouldReclaimASessionPastItsTimeout() throws InterruptedException
    {
        start(4, 16, Duration.ofMillis(50));
        assertEquals(SessionEnd.TIMED_OUT, end(admit(ecb -> ExtensionStatus.PENDING)).end());
    }

    @Test
    void shouldShedWhenTheWorkerQueueIsFull() throws InterruptedException
    {
        start(4, 1, Duration.ofSeconds(30));
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final int busy = admit(ecb ->
        {
            entered.countDown();
            release.await();
            return ExtensionStatus.SUCCESS;
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        final int queued = admit(ecb -> ExtensionStatus.SUCCESS);
        assertEquals(Admission.QUEUE_FULL, offer(ecb -> ExtensionStatus.SUCCESS));
        assertEquals(intake.filled, intake.unfilled);
        release.countDown();
        assertEquals(SessionEnd.SUCCESS, end(busy).end());
        assertEquals(SessionEnd.SUCCESS, end(queued).end());
        assertEquals(0, dispatcher.pool().inUse());
    }

    @Test
    void shouldShedWhenNoSlotIsFree() throws InterruptedException
    {
        start(1, 16, Duration.ofSeconds(30));
        final CompletableFuture<ExtensionControlBlock> held = new CompletableFuture<>();
        final int slot = admit(ecb ->
        {
            held.complete(ecb);
            return ExtensionStatus.PENDING;
        });
        assertEquals(Admission.NO_SLOT, offer(ecb -> ExtensionStatus.SUCCESS));
        held.join().doneWithSession(ExtensionStatus.SUCCESS);
        assertEquals(SessionEnd.SUCCESS, end(slot).end());
    }

    @Test
    void shouldRunNonBlockingExtensionsInlineOnTheAdmittingThread() throws InterruptedException
    {
        start();
        final Inline inline = new Inline();
        final RecordingExchange.Ending ending = end(admit(inline));
        assertSame(Thread.currentThread(), inline.ranOn);
        assertSame(Thread.currentThread(), ending.thread());
        assertEquals(SessionEnd.SUCCESS, ending.end());
    }

    @Test
    void shouldReclaimPendingSessionsAtShutdown() throws InterruptedException
    {
        start();
        final int slot = admit(ecb -> ExtensionStatus.PENDING);
        dispatcher.close();
        assertEquals(SessionEnd.SHUT_DOWN, end(slot).end());
        dispatcher = null;
    }
}
