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

    private final ArrayDeque<Task> line = new ArrayDeque<>(2);
    private Task holder;

    /** The task holding the turn, or {@code null}. */
    Task holder() {
        return holder;
    }

    /**
     * Makes {@code me} the holder, waiting in line at most {@code timeout} per wait (a socket
     * timeout bounds each wait); fails with the socket's closed exception if it closes meanwhile.
     *
     * @param lastIndex what a closed exception reports as sent so far
     * @return {@code false} if the timeout expired first
     */
    boolean take(Task me, Duration timeout, TlsState s, int lastIndex) throws IOException {
        if (holder == null) {
            holder = me;
            return true;
        }
        line.add(me);
        try {
            while (holder != me) {
                s.checkUsable(lastIndex);
                // the socket's waiters: a close wakes them all; other progress may too, hence the loop
                if (!s.waiters.await(timeout) && holder != me) {
                    return false;
                }
            }
            return true;
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

    /** Ends the holder's turn: the first in line, if any, holds it now and is woken. */
    void leave() {
        holder = line.poll();
        if (holder != null) {
            Copas.wakeup(holder);
        }
    }
}
