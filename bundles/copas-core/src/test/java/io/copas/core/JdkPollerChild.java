package io.copas.core;

import java.time.Duration;

/**
 * A child JVM for {@link JdkPollerStartTest}: one loop whose first task loads {@link FirstTask}
 * (a class nothing else touches) and pauses, so the loop waits; then prints {@code done}.
 */
public final class JdkPollerChild {

    private JdkPollerChild() {
    }

    /**
     * Runs the loop.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        try (Scheduler scheduler = Scheduler.builder().name("child").build()) {
            scheduler.add("first", () -> {
                FirstTask.ran();
                Copas.pause(Duration.ofMillis(5));
            });
            scheduler.loop();
            System.out.println("engine=" + scheduler.engine());
        }
        System.out.println("done");
    }

    /** Loaded when the first task runs: its line in the class-loading log marks that moment. */
    static final class FirstTask {

        private FirstTask() {
        }

        static void ran() {
            // loading the class is the mark
        }
    }
}
