package io.copas.sync;

import static io.copas.sync.SyncTesting.millisSince;
import static io.copas.sync.SyncTesting.ms;
import static io.copas.sync.SyncTesting.now;
import static io.copas.sync.SyncTesting.pauseUntil;
import static io.copas.sync.SyncTesting.runVirtual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.UdpSocket;
import io.copas.test.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timer: upstream tests/timer.lua, #206, and the loop-alive rules; on virtual time, so counts and
 * delays are exact and nothing waits for real.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimerTest {

    @Test
    void recurringTimerPassesItsParamsAndRecurs() {
        AtomicInteger count = new AtomicInteger();
        runVirtual(() -> {
            Timer<String> t1 = Timer.<String>builder(ms(200), (timer, params) -> {
                assertEquals("hello world", params);
                count.incrementAndGet();
            }).recurring(true).params("hello world").build();
            assertTrue(t1.isArmed());
            assertTrue(t1.isRecurring());
            assertEquals("hello world", t1.params());
            assertEquals(ms(200), t1.delay());
            Copas.pause(ms(1_300)); // 6.5 periods
            assertTrue(t1.cancel());
            assertFalse(t1.isArmed());
        });
        assertEquals(6, count.get(), "6.5 periods");
    }

    @Test
    void delayParamsAndRecurringCanBeChangedWhileArmedAsUpstreamFields() {
        List<String> runs = new CopyOnWriteArrayList<>();
        runVirtual(() -> {
            long start = now();
            Timer<String> timer = Timer.<String>builder(ms(100), (t, params) -> {
                runs.add(millisSince(start) + ":" + params);
                if (runs.size() == 1) {
                    t.setDelay(ms(300)).setParams("b"); // a back-off
                } else if (runs.size() == 2) {
                    t.setRecurring(false); // one more run, then it ends
                }
            }).recurring(true).params("a").build();
            Copas.pause(ms(2_000));
            assertFalse(timer.isArmed(), "ended after its last run");
            assertEquals(ms(300), timer.delay());
            assertThrows(IllegalArgumentException.class, () -> timer.setDelay(ms(-1)));
        });
        assertEquals(List.of("100:a", "400:b", "700:b"), runs);
    }

    @Test
    void oneShotTimerHonoursItsInitialDelayAndFiresOnce() {
        AtomicInteger count = new AtomicInteger();
        AtomicLong firedAfter = new AtomicLong();
        runVirtual(() -> {
            long start = now();
            Timer<Long> t2 = Timer.builder(ms(400), (Timer<Long> timer, Long started) -> {
                firedAfter.set(millisSince(started));
                count.incrementAndGet();
            }).initialDelay(ms(50)).params(start).build();
            Copas.pause(ms(900));
            assertFalse(t2.cancel(), "an expired one-shot timer is not armed");
            assertFalse(t2.isArmed());
        });
        assertEquals(1, count.get(), "fired more than once");
        assertEquals(50, firedAfter.get(), "the initial delay, not the delay");
    }

    @Test
    void timerCanCancelItselfAndOthers() {
        AtomicInteger selfCancelled = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        runVirtual(() -> {
            Timer.builder(ms(50), (timer, params) -> {
                selfCancelled.incrementAndGet();
                assertTrue(timer.cancel());
                assertFalse(timer.cancel(), "already cancelled: not armed");
            }).recurring(true).build();
            Timer<Object> victim = Timer.builder(ms(50), (timer, params) -> other.incrementAndGet())
                    .recurring(true).build();
            Timer.builder(ms(180), (timer, params) -> assertTrue(victim.cancel())).build();
            Copas.pause(ms(400));
        });
        assertEquals(1, selfCancelled.get());
        assertEquals(3, other.get(), "victim ran at 50, 100 and 150 ms, cancelled at 180");
    }

    @Test
    void recurringTimerCannotBeArmedFromItsCallback() {
        AtomicReference<String> message = new AtomicReference<>();
        runVirtual(() -> {
            Timer.builder(ms(50), (timer, params) -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> timer.arm(ms(1_000)));
                message.set(e.getMessage());
                assertTrue(timer.cancel());
            }).recurring(true).name("rec").build();
            Copas.pause(ms(200));
        });
        assertEquals("timer 'rec' is already armed", message.get());
    }

    @Test
    void oneShotTimerCanBeArmedAgainFromItsCallback() {
        List<Long> firings = new CopyOnWriteArrayList<>();
        runVirtual(() -> {
            long start = now();
            Timer.builder(ms(50), (timer, params) -> {
                firings.add(millisSince(start));
                if (firings.size() == 1) {
                    assertSame(timer, timer.arm(ms(300)));
                    assertTrue(timer.isArmed());
                }
            }).build();
            Copas.pause(ms(800));
        });
        assertEquals(2, firings.size(), "fired " + firings);
        assertEquals(List.of(50L, 350L), firings, "the re-armed delay of 300 ms");
    }

    @Test
    void callbackErrorsGoToTheErrorHandlerAndTheTimerRecurs() {
        List<String> reports = new CopyOnWriteArrayList<>();
        AtomicInteger count = new AtomicInteger();
        runVirtual(() -> {
            Timer.builder(ms(50), (Timer<Object> timer, Object params) -> {
                int n = count.incrementAndGet();
                if (n == 2) {
                    timer.cancel();
                }
                throw new IllegalStateException("error " + n + "!");
            }).name("error-test").recurring(true).errorHandler((error, task, socket) -> {
                String traceback = Copas.traceback(error, task, socket);
                assertTrue(traceback.contains("error-test"), traceback);
                reports.add(task.name() + ": " + error.getMessage());
            }).build();
            Copas.pause(ms(400));
        });
        assertEquals(2, count.get(), "the first error must not stop the recurring timer");
        assertEquals(List.of("error-test: error 1!", "error-test: error 2!"), reports);
    }

    @Test
    void callbackErrorsGoToTheDefaultHandlerWithoutOwn() {
        try (SyncTesting.Harness harness = new SyncTesting.Harness(new VirtualClock())) {
            List<String> reports = new CopyOnWriteArrayList<>();
            harness.scheduler.setDefaultErrorHandler((error, task, socket) -> reports.add(task.name() + ": " + error.getMessage()));
            harness.run(() -> {
                Timer.builder(ms(20), (timer, params) -> {
                    throw new Exception("oops");
                }).name("plain").build();
                Copas.pause(ms(200));
            });
            assertEquals(List.of("plain: oops"), reports);
        }
    }

    /** Upstream #206: cancelling a recurring timer whose callback waits in I/O lets it finish, once. */
    @Test
    void cancelDuringCallbackInIoLetsItFinishWithoutRescheduling() {
        AtomicInteger invocations = new AtomicInteger();
        AtomicBoolean finished = new AtomicBoolean();
        runVirtual(() -> {
            Scheduler scheduler = Copas.scheduler();
            UdpSocket receiver = scheduler.udp();
            Timer<Object> ioTimer = Timer.builder(ms(50), (timer, params) -> {
                invocations.incrementAndGet();
                byte[] data = receiver.receive(100); // yields on socket I/O
                assertEquals("wakeup", new String(data, StandardCharsets.UTF_8));
                finished.set(true);
            }).recurring(true).build();
            pauseUntil(() -> invocations.get() > 0, 5_000);
            Copas.pause(ms(50));
            assertTrue(ioTimer.cancel());
            try (UdpSocket sender = scheduler.udp()) {
                sender.sendTo("wakeup".getBytes(StandardCharsets.UTF_8), receiver.localAddress());
            }
            Copas.pause(ms(200));
            assertTrue(finished.get(), "the in-progress callback was abandoned");
            assertEquals(1, invocations.get(), "rescheduled after cancel");
            receiver.close();
        });
    }

    @Test
    void cancelDuringCallbackThatWaitsOnAQueueLetsItFinish() {
        AtomicInteger invocations = new AtomicInteger();
        AtomicReference<String> got = new AtomicReference<>();
        runVirtual(() -> {
            Queue<String> q = Queue.create();
            Timer<Object> timer = Timer.builder(ms(20), (t, p) -> {
                invocations.incrementAndGet();
                got.set(q.pop(Queue.FOREVER)); // a cancel must not wake this wait
            }).recurring(true).build();
            pauseUntil(() -> invocations.get() > 0, 5_000);
            assertTrue(timer.cancel());
            Copas.pause(ms(50));
            assertEquals(null, got.get());
            q.push("item");
            Copas.pause(ms(100));
            assertEquals("item", got.get());
            assertEquals(1, invocations.get());
        });
    }

    @Test
    void rearmingWhileTheOldCallbackStillRunsDoesNotDoubleTheTimer() {
        AtomicInteger invocations = new AtomicInteger();
        runVirtual(() -> {
            AtomicBoolean slow = new AtomicBoolean(true);
            Timer<Object> timer = Timer.builder(ms(100), (t, p) -> {
                invocations.incrementAndGet();
                if (slow.getAndSet(false)) {
                    Copas.pause(ms(150));
                }
            }).recurring(true).initialDelay(Duration.ZERO).build();
            pauseUntil(() -> invocations.get() == 1, 5_000);
            assertTrue(timer.cancel()); // the first callback is still pausing
            timer.arm(ms(500));
            Copas.pause(ms(400)); // the old callback ends meanwhile; it must not recur
            assertEquals(1, invocations.get());
            pauseUntil(() -> invocations.get() == 2, 5_000); // the new arming fires
            assertTrue(timer.cancel());
            Copas.pause(ms(250));
            assertEquals(2, invocations.get(), "nothing runs after the cancel");
        });
    }

    @Test
    void cancelledOrFinishedTimersDoNotKeepTheLoopAlive() {
        long took = runVirtual(() -> {
            Timer<Object> t = Timer.builder(Duration.ofSeconds(20), (timer, params) -> { }).recurring(true).build();
            Copas.pause(ms(20));
            assertTrue(t.cancel());
        });
        assertEquals(20, took, "a cancelled timer kept the loop alive");

        AtomicInteger fired = new AtomicInteger();
        took = runVirtual(() -> Timer.builder(ms(50), (timer, params) -> fired.incrementAndGet()).build());
        assertEquals(1, fired.get());
        assertEquals(50, took);

        took = runVirtual(() -> Timer.builder(Duration.ofSeconds(20), (timer, params) -> { }).build().cancel());
        assertEquals(0, took, "cancel before the task started");
    }

    @Test
    void removedTimerTaskDisarmsTheTimer() {
        runVirtual(() -> {
            AtomicInteger fired = new AtomicInteger();
            Timer<Object> timer = Timer.builder(ms(5_000), (t, p) -> fired.incrementAndGet()).name("removable").build();
            Copas.pause(ms(20));
            var task = Copas.scheduler().tasks().stream().filter(t -> t.name().equals("removable")).findFirst().orElseThrow();
            Copas.scheduler().remove(task);
            Copas.pause(ms(20));
            assertFalse(timer.isArmed());
            timer.arm(ms(10));
            Copas.pause(ms(100));
            assertEquals(1, fired.get());
        });
    }

    @Test
    void aTimerWhoseTaskIsRemovedBeforeItFirstRanIsDisarmedAndCanBeArmedAgain() {
        runVirtual(() -> {
            AtomicInteger fired = new AtomicInteger();
            Timer<Object> timer = Timer.builder(ms(5_000), (t, p) -> fired.incrementAndGet()).name("never-started").build();
            var task = Copas.scheduler().tasks().stream().filter(t -> t.name().equals("never-started")).findFirst().orElseThrow();
            Copas.scheduler().remove(task); // in the same step: its code never runs
            Copas.pause(ms(20));
            assertTrue(task.isDone());
            assertFalse(timer.isArmed(), "a timer whose task ended is not armed");
            timer.arm(ms(10));
            Copas.pause(ms(100));
            assertEquals(1, fired.get());
        });
    }

    @Test
    void namesAndArguments() {
        runVirtual(() -> {
            Timer<Object> a = Timer.builder(ms(10), (t, p) -> { }).build();
            Timer<Object> b = Timer.builder(ms(10), (t, p) -> { }).build();
            assertTrue(a.name().matches("copas_timer_\\d+"), a.name());
            assertEquals(Integer.parseInt(a.name().substring(12)) + 1, Integer.parseInt(b.name().substring(12)));
            IllegalArgumentException delay = assertThrows(IllegalArgumentException.class,
                    () -> Timer.builder(ms(-1), (t, p) -> { }));
            assertTrue(delay.getMessage().contains("delay"), delay.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Timer.builder(ms(10), (t, p) -> { }).initialDelay(ms(-1)));
            Timer<Object> c = Timer.builder(ms(10), (t, p) -> { }).build();
            c.cancel();
            assertThrows(IllegalArgumentException.class, () -> c.arm(ms(-1)));
            assertThrows(NullPointerException.class, () -> Timer.builder(ms(10), null));
        });
        assertThrows(IllegalStateException.class, () -> Timer.builder(ms(10), (t, p) -> { }).build(),
                "no scheduler outside a task");
    }
}
