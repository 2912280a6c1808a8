package io.copas.tls.internal;

import io.copas.core.Copas;
import io.copas.core.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tasks of one scheduler waiting for another task to make progress on a TLS socket (finish the
 * handshake, read raw bytes, flush records). Built on {@link Copas#suspend} and
 * {@link Copas#wakeup}: no JDK lock, so nothing is held across a yield. Waiters re-check their
 * condition after every wake-up.
 */
final class Waiters {

    private final List<Task> tasks = new ArrayList<>();

    /**
     * Suspends the current task until {@link #wakeAll()} or the timeout.
     *
     * @param timeout how long at most, {@code null} for ever
     * @return {@code false} if the timeout expired
     */
    boolean await(Duration timeout) {
        Task me = Copas.current();
        tasks.add(me);
        try {
            return Copas.suspend(timeout);
        } finally {
            tasks.remove(me);
        }
    }

    /** Wakes every waiting task; call from a task of the same scheduler. */
    void wakeAll() {
        if (tasks.isEmpty()) {
            return;
        }
        for (Task t : tasks.toArray(new Task[0])) {
            Copas.wakeup(t);
        }
    }
}
