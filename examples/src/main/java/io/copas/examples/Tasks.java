package io.copas.examples;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The manual's snippets about tasks: adding, pausing, waking up, timeouts, service mode. */
public final class Tasks {

    private Tasks() {
    }

    /**
     * Two tasks that take turns; returns the order in which they ran.
     *
     * @return the steps, in order
     */
    public static List<String> takeTurns() {
        List<String> log = new ArrayList<>();
        // tag::take-turns[]
        Scheduler scheduler = Scheduler.create();
        for (String name : List.of("ping", "pong")) {
            scheduler.add(name, () -> {
                for (int i = 1; i <= 3; i++) {
                    log.add(Copas.current().name() + " " + i);
                    Copas.pause();                   // yield: the other task runs
                }
            });
        }
        scheduler.loop();                            // ping 1, pong 1, ping 2, pong 2, ...
        // end::take-turns[]
        scheduler.close();
        return log;
    }

    /**
     * A sleeper woken early by another task, and a task guarded by a timeout.
     *
     * @return what happened, in order
     */
    public static List<String> wakeupAndTimeout() {
        List<String> log = new ArrayList<>();
        Scheduler scheduler = Scheduler.create();
        scheduler.loop(() -> {
            // tag::wakeup[]
            Task sleeper = Copas.scheduler().add("sleeper", () -> {
                Duration slept = Copas.pause(Duration.ofHours(1));   // returns the time paused
                log.add("slept " + (slept.toHours() < 1 ? "less than an hour" : "an hour"));
            });
            Copas.pause(Duration.ofMillis(10));
            Copas.wakeup(sleeper);                   // true: it was sleeping
            // end::wakeup[]
            // tag::timeout[]
            Copas.scheduler().add("guarded", () -> {
                Copas.timeout(Duration.ofMillis(50), task -> task.scheduler().wakeup(task));  // on the loop
                Copas.pauseForever();                // until woken up: here by the timeout
                Copas.cancelTimeout();               // a no-op once fired; needed when woken otherwise
                log.add("guarded task woken by its timeout");
            });
            // end::timeout[]
        });
        scheduler.close();
        return log;
    }

    /**
     * A scheduler in service mode, used from the calling (non-loop) thread.
     *
     * @return the answer the task computed
     * @throws Exception if the task failed
     */
    public static String serviceMode() throws Exception {
        // tag::service-mode[]
        try (Scheduler scheduler = Scheduler.builder().name("service").build()) {
            scheduler.start();                       // the loop runs on its own thread until close()
            CompletableFuture<String> answer = scheduler.submit(() -> {
                Copas.pause(Duration.ofMillis(10));  // inside a task: every Copas call works
                return "answered by " + Copas.current().name();
            });
            return answer.get();                     // any thread may wait on the future
        }
        // end::service-mode[]
    }

    /**
     * A scheduler with the watchdog on, and its count of reports.
     *
     * @return the number of stalls reported
     * @throws ExecutionException if the task failed
     * @throws InterruptedException if interrupted while waiting
     */
    public static long watchdog() throws ExecutionException, InterruptedException {
        // tag::watchdog[]
        Scheduler scheduler = Scheduler.builder()
                .watchdog(Duration.ofSeconds(2))     // or -Dio.copas.watchdog=2000
                .build();
        scheduler.loop(() -> Copas.pause(Duration.ofMillis(10)));
        long stalls = scheduler.status().stalls();  // tasks reported for holding the loop
        // end::watchdog[]
        scheduler.close();
        return stalls;
    }

    /**
     * Drives the loop step by step, as an application with its own main loop does.
     *
     * @return how many steps it took until nothing was left
     */
    public static int ownLoop() {
        Scheduler scheduler = Scheduler.create();
        scheduler.add(() -> Copas.pause(Duration.ofMillis(30)));
        int steps = 0;
        // tag::own-loop[]
        while (!scheduler.finished()) {
            scheduler.step(Duration.ofMillis(10));   // waits at most 10 ms for sockets and timers
            steps++;                                 // ... then the application's own work
        }
        // end::own-loop[]
        scheduler.close();
        return steps;
    }
}
