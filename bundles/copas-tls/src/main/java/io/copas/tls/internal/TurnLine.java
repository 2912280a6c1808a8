package io.copas.tls.internal;

import io.copas.core.Copas;
import io.copas.core.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The turn to send, or to receive, on one TLS socket: one task holds it for a whole operation;
 * the others wait in line and are served first come first, as on plain sockets (upstream queues
 * the coroutines waiting on a socket). A leaving holder hands the turn to the first in line
 * directly, so a task that comes later cannot slip in ahead. Touched only by tasks of the plain
 * socket's scheduler.
 */
final class TurnLine {

    /** What {@link #take} did. */
    enum Taken {
        /** The caller holds the turn now; it ends it with {@link #leave}. */
        NOW,
        /** The caller held it already: a call within its own operation, which goes straight on. */
        ALREADY,
        /** The timeout expired while the caller waited in line. */
        TIMED_OUT
    }

    private final ArrayDeque<Task> line = new ArrayDeque<>(2);
    private Task holder;

    /** The task holding the turn, or {@code null}. */
    Task holder() {
        return holder;
    }

    /**
     * Makes {@code me} the holder, waiting in line at most {@code timeout} in all (every bit of
     * progress on the socket wakes the line, and must not restart it); fails with the socket's
     * closed exception if it closes meanwhile.
     *
     * @param me        the current task
     * @param timeout   how long at most, {@code null} for ever
     * @param lastIndex what a closed exception reports as sent so far
     * @return how it got the turn, or that it timed out
     */
    Taken take(Task me, Duration timeout, TlsState s, int lastIndex) throws IOException {
        if (holder == me) {
            return Taken.ALREADY;
        }
        if (holder != null && !TlsState.active(holder)) {
            leave(); // dropped by its loop in the middle of its operation
        }
        if (holder == null) {
            holder = me;
            return Taken.NOW;
        }
        line.add(me);
        Deadline deadline = new Deadline(timeout, s.plain.scheduler().clock());
        try {
            while (holder != me) {
                s.checkUsable(lastIndex);
                // the socket's waiters: a close wakes them all; other progress may too, hence the loop
                if (!s.waiters.await(deadline.remaining()) && holder != me) {
                    return Taken.TIMED_OUT;
                }
            }
            return Taken.NOW;
        } catch (RuntimeException | Error removedOrFailed) {
            if (holder == me) {
                leave(); // handed the turn, then removed before it ran: pass it on
            }
            throw removedOrFailed;
        } finally {
            if (holder != me) {
                line.remove(me);
            }
        }
    }

    /**
     * Ends the holder's turn if {@code taken} says its operation took it: the first in line that
     * has not ended, if any, holds it now and is woken.
     */
    void leave(Taken taken) {
        if (taken == Taken.NOW) {
            leave();
        }
    }

    private void leave() {
        do {
            holder = line.poll();
        } while (holder != null && holder.isDone());
        if (holder != null) {
            Copas.wakeup(holder);
        }
    }
}
