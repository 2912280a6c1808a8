package io.copas.ftp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Scheduler;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs test code as a task of a fresh scheduler (embedded mode) and hands back its result or failure. */
final class InTask {

    private InTask() {
    }

    /**
     * Runs {@code body} in a task and returns what it returned; its exception is thrown here.
     * Afterwards no task may be left: the FTP client must not leak tasks or servers.
     */
    static <T> T call(Callable<T> body) throws Exception {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<T> result = new CopyOnWriteArrayList<>();
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.setDefaultErrorHandler((error, task, socket) -> errors.add(error));
            scheduler.loop(() -> result.add(body.call()));
            if (!errors.isEmpty()) {
                Throwable first = errors.get(0);
                errors.stream().skip(1).forEach(first::addSuppressed);
                if (first instanceof Exception e) {
                    throw e;
                }
                throw (Error) first;
            }
            assertTrue(scheduler.tasks().isEmpty(), () -> "tasks left: " + scheduler.tasks());
            return result.isEmpty() ? null : result.get(0);
        }
    }

    /** A body without a result. */
    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} in a task; its exception is thrown here. */
    static void run(Body body) throws Exception {
        call(() -> {
            body.run();
            return Boolean.TRUE;
        });
    }
}
