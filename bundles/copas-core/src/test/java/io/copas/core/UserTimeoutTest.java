package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Copas.timeout callbacks fire once with their task, can be replaced or cancelled, and fail to the default handler (upstream errhandlers.lua, timeout_errors.lua). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UserTimeoutTest {

    @Test
    void firesOnceWithTheTaskAndKeepsSuspendedTaskAlive() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<Task> fired = new CopyOnWriteArrayList<>();
            AtomicLong paused = new AtomicLong();
            Task task = scheduler.add(() -> {
                Copas.timeout(Duration.ofMillis(100), t -> {
                    fired.add(t);
                    Copas.wakeup(t);
                });
                // a suspended task with an armed timeout keeps the loop alive
                paused.set(Copas.pauseForever().toMillis());
                Copas.pause(Duration.ofMillis(200));
            });
            scheduler.loop();
            assertEquals(List.of(task), fired, "fired exactly once, with the task that set it");
            assertTrue(paused.get() >= 95 && paused.get() < 5_000, "paused " + paused.get() + " ms");
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    @Test
    void secondCallReplacesTheFirst() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> fired = new CopyOnWriteArrayList<>();
            scheduler.add(() -> {
                Copas.timeout(Duration.ofMillis(50), t -> fired.add("first"));
                Copas.timeout(Duration.ofMillis(100), t -> {
                    fired.add("second");
                    Copas.wakeup(t);
                });
                Copas.pauseForever();
                Copas.pause(Duration.ofMillis(150));
            });
            scheduler.loop();
            assertEquals(List.of("second"), fired);
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void zeroDelayAndCancelTimeoutCancel() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> fired = new CopyOnWriteArrayList<>();
            scheduler.add(() -> {
                Copas.timeout(Duration.ofMillis(50), t -> fired.add("zeroed"));
                Copas.timeout(Duration.ZERO, null);
                Copas.pause(Duration.ofMillis(200));
                Copas.timeout(Duration.ofMillis(50), t -> fired.add("cancelled"));
                Copas.cancelTimeout();
                Copas.pause(Duration.ofMillis(200));
            });
            scheduler.loop();
            assertTrue(fired.isEmpty(), () -> "fired: " + fired);
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void throwingCallbackGoesToDefaultHandlerAndLoopGoesOn() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> own = new CopyOnWriteArrayList<>();
            List<Throwable> defaults = new CopyOnWriteArrayList<>();
            AtomicReference<Task> reportedTask = new AtomicReference<>();
            scheduler.setDefaultErrorHandler((e, t, s) -> {
                defaults.add(e);
                reportedTask.set(t);
            });
            AtomicReference<String> after = new AtomicReference<>();
            Task task = scheduler.add(() -> {
                Copas.setErrorHandler((e, t, s) -> own.add(e));
                Copas.timeout(Duration.ofMillis(50), t -> {
                    throw new IllegalStateException("oops...");
                });
                Copas.pause(Duration.ofMillis(200));
                after.set("task went on");
            });
            scheduler.loop();
            assertEquals(1, defaults.size());
            assertTrue(defaults.get(0).getMessage().contains("oops..."));
            assertSame(task, reportedTask.get());
            assertTrue(own.isEmpty(), "the task's own handler is not used for timeout callbacks");
            assertEquals("task went on", after.get());
            assertClean(scheduler);
        }
    }

    @Test
    void callbackRunsOnTheLoopNotInTheTask() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<Boolean> inTask = new AtomicReference<>();
            AtomicReference<Scheduler> loopScheduler = new AtomicReference<>();
            scheduler.add(() -> {
                Copas.timeout(Duration.ofMillis(20), t -> {
                    inTask.set(Copas.currentTask().isPresent());
                    loopScheduler.set(Copas.scheduler());
                    Copas.wakeup(t);
                });
                Copas.pauseForever();
            });
            scheduler.loop();
            assertFalse(inTask.get());
            assertSame(scheduler, loopScheduler.get());
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void pendingTimeoutOfEndedTaskNeitherFiresNorKeepsLoopAlive() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> fired = new CopyOnWriteArrayList<>();
            scheduler.add(() -> Copas.timeout(Duration.ofHours(1), t -> fired.add("late")));
            long start = System.nanoTime();
            scheduler.loop();
            assertTrue(TestSockets.millisSince(start) < 5_000);
            assertTrue(fired.isEmpty());
            assertEquals(0, scheduler.status().timeout());
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void socketOperationsDoNotDisturbTheUserTimeout() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                java.nio.channels.ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> fired = new CopyOnWriteArrayList<>();
            Server server = scheduler.addServer(channel, socket -> socket.send(socket.receiveLine() + "\n"));
            scheduler.add(() -> {
                Copas.timeout(Duration.ofMillis(300), t -> {
                    fired.add("user");
                    Copas.wakeup(t);
                });
                TcpSocket client = Copas.scheduler().tcp();
                client.setTimeout(Duration.ofSeconds(5)); // arms and cancels socket timeouts
                client.connect(channel.getLocalAddress());
                client.send("x\n");
                client.receiveLine();
                client.close();
                Copas.scheduler().removeServer(server, false);
                Copas.pauseForever();
            });
            scheduler.loop();
            assertEquals(List.of("user"), fired, "Copas' quirk (socket ops cancel the user timeout) is fixed");
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void negativeDelayIsRejected() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            scheduler.add(() -> failure.set(assertThrows(IllegalArgumentException.class,
                    () -> Copas.timeout(Duration.ofMillis(-1), t -> { }))));
            scheduler.loop();
            assertTrue(failure.get().getMessage().contains("delay"));
        }
    }

    // timeouts longer than one turn of the timer wheel: copas-test VirtualTimeTimeoutsTest (exact, on
    // virtual time) and TimerWheelTest (the real clock's wheel over several turns)
}
