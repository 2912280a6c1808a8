package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** step(timeout) runs one iteration: false when nothing happened within the timeout, true after socket activity. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StepTest {

    @Test
    void stepReportsWhetherSocketsWereActive() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            AtomicInteger handled = new AtomicInteger();
            Server server = scheduler.addServer(channel, socket -> handled.incrementAndGet());
            long start = System.nanoTime();
            assertFalse(scheduler.step(Duration.ofMillis(100)), "no activity within the timeout");
            long waited = TestSockets.millisSince(start);
            assertTrue(waited >= 90 && waited < 5_000, "step waited " + waited + " ms");
            try (Socket client = new Socket()) {
                client.connect(channel.getLocalAddress());
                boolean active = false;
                for (int i = 0; i < 50 && !active; i++) {
                    active = scheduler.step(Duration.ofSeconds(1));
                }
                assertTrue(active, "the connection is socket activity");
                assertEquals(1, handled.get(), "the handler task started in the same step");
                assertEquals(-1, client.getInputStream().read(), "the handler ended, autoclose closed the connection");
            }
            scheduler.removeServer(server, false);
            assertTrue(scheduler.finished());
        }
    }

    @Test
    void stepWithoutATimeoutReturnsAfterAWhileEvenWhenOnlyAServerWaitsAsUpstreamsStep() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            scheduler.addServer(channel, socket -> { });
            // upstream's core timer task wakes its step ten times a second; this one must not wait for an event
            assertFalse(scheduler.step(null), "nothing happened");
            assertFalse(scheduler.finished(), "the server is still there");
        }
    }

    @Test
    void stepOnAnIdleSchedulerWaitsLikeUpstreamsInsteadOfReturningAtOnce() {
        try (Scheduler scheduler = Scheduler.create()) {
            // upstream's step always has its core timer to wait for; before, a step with nothing
            // registered returned at once, and a loop of steps around it spun the CPU
            long start = System.nanoTime();
            assertFalse(scheduler.step(Duration.ofMillis(100)));
            long waited = TestSockets.millisSince(start);
            assertTrue(waited >= 90, "step(100 ms) waited " + waited + " ms");
            start = System.nanoTime();
            assertFalse(scheduler.step(null));
            waited = TestSockets.millisSince(start);
            assertTrue(waited >= 90, "step(null) waited " + waited + " ms, upstream up to its core timer's 100 ms");
            scheduler.add(Copas::pauseForever); // a task no one wakes does not end the wait either
            scheduler.step(Duration.ZERO);
            start = System.nanoTime();
            assertFalse(scheduler.step(Duration.ofMillis(100)));
            waited = TestSockets.millisSince(start);
            assertTrue(waited >= 90, "step(100 ms) beside a forgotten task waited " + waited + " ms");
            assertTrue(scheduler.finished());
        }
    }

    @Test
    void anIdleStepEndsAtOnceForWorkSubmittedFromAnotherThread() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicInteger ran = new AtomicInteger(); // set by the submitted work, on the stepping thread
            Thread submitter = Thread.ofPlatform().start(() -> scheduler.submit(ran::incrementAndGet));
            long start = System.nanoTime();
            while (ran.get() == 0 && TestSockets.millisSince(start) < 20_000) {
                scheduler.step(Duration.ofSeconds(20));
            }
            submitter.join();
            assertEquals(1, ran.get());
            assertTrue(TestSockets.millisSince(start) < 15_000, "the submission woke the idle step");
        }
    }

    @Test
    void stepRunsReadyTasksWithoutWaiting() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicInteger runs = new AtomicInteger();
            scheduler.add(() -> {
                runs.incrementAndGet();
                Copas.pause();
                runs.incrementAndGet();
            });
            long start = System.nanoTime();
            assertFalse(scheduler.step(Duration.ofSeconds(10)), "tasks ran, but no socket was active");
            assertEquals(1, runs.get(), "pause() resumes in the next step, not the same one");
            assertFalse(scheduler.step(Duration.ofSeconds(10)));
            assertEquals(2, runs.get());
            assertTrue(TestSockets.millisSince(start) < 5_000, "ready tasks make step return without waiting");
            assertTrue(scheduler.finished());
        }
    }
}
