package io.copas.http.internal;

import io.copas.core.Copas;
import io.copas.core.Task;
import io.copas.core.TransferTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The keep-alive connections of one client on one scheduler. It is used only from tasks of that
 * scheduler, one at a time, so it needs no lock (Copas' rule: code between two yields is atomic).
 * Open connections are bounded per origin and in all; a task over a bound waits (at most its
 * connect timeout) for a connection to come back. Idle connections expire after the idle timeout
 * and are checked for a server-side close before reuse.
 */
final class ConnectionPool {

    /** Opens a new connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws IOException;
    }

    private final ClientConfig config;
    private final PoolCounters counters;
    private final Map<Origin, ArrayDeque<Connection>> idle = new HashMap<>();
    private final Map<Origin, Integer> open = new HashMap<>();
    private final ArrayDeque<Task> waiters = new ArrayDeque<>();
    private int total;
    private volatile long lastUsed = System.nanoTime();
    /** Set once the pool is ended: connections given back are closed, not kept. */
    private boolean retired;
    /** The task that ends the pool when its scheduler's loop exits; set by the client. */
    Task exitWatcher;

    ConnectionPool(ClientConfig config, PoolCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    /**
     * A connection to {@code origin}: an idle one that is still good, else a new one within the
     * bounds, else the first that comes free within {@code wait}.
     *
     * Every reuse looks at the connection first (a non-blocking read): bytes that came after the
     * last response (a body sent with a HEAD or 204, a short Content-Length, an unasked 408)
     * would otherwise be read as the next request's response, and every later one would be off by
     * one, across tasks (RFC 9112 section 6.3).
     *
     * @param fresh never reuse an idle connection (a retry)
     */
    Connection acquire(Origin origin, boolean fresh, Duration wait, Opener opener) throws IOException {
        lastUsed = System.nanoTime();
        long deadline = lastUsed + wait.toNanos();
        while (true) {
            expireIdle();
            if (!fresh) {
                Connection c = reusable(origin);
                if (c != null) {
                    return c;
                }
            }
            if (open.getOrDefault(origin, 0) < config.maxPerOrigin() && (total < config.maxTotal() || evictOneIdle())) {
                return openNew(origin, opener);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TransferTimeoutException("no connection to " + origin + " came free within " + wait
                        + " (pool limits: " + config.maxPerOrigin() + " per origin, " + config.maxTotal() + " in all)", null, -1);
            }
            Task me = Copas.current();
            waiters.addLast(me);
            counters.waiting.incrementAndGet();
            try {
                Copas.suspend(Duration.ofNanos(left));
            } finally {
                waiters.remove(me);
                counters.waiting.decrementAndGet();
            }
        }
    }

    private Connection reusable(Origin origin) {
        ArrayDeque<Connection> queue = idle.get(origin);
        while (queue != null && !queue.isEmpty()) {
            Connection c = queue.pollFirst();
            counters.idle.decrementAndGet();
            if (!c.isStale()) {
                counters.busy.incrementAndGet();
                counters.reused.incrementAndGet();
                return c;
            }
            counters.stale.incrementAndGet();
            forget(c);
        }
        return null;
    }

    private Connection openNew(Origin origin, Opener opener) throws IOException {
        open.merge(origin, 1, Integer::sum);
        total++;
        counters.busy.incrementAndGet();
        try {
            Connection c = opener.open();
            counters.opened.incrementAndGet();
            return c;
        } catch (IOException | RuntimeException | Error e) {
            unreserve(origin);
            counters.busy.decrementAndGet();
            wakeWaiters();
            throw e;
        }
    }

    /**
     * Gives a connection back after a request: kept if {@code reusable} and keep-alive is on,
     * else closed.
     */
    void release(Connection c, boolean reusable) {
        lastUsed = System.nanoTime();
        counters.busy.decrementAndGet();
        if (reusable && !retired && config.keepAlive() && !c.socket.isClosed() && c.wire.buffered() == 0) {
            c.idleSince = System.nanoTime();
            idle.computeIfAbsent(c.origin, o -> new ArrayDeque<>()).addFirst(c);
            counters.idle.incrementAndGet();
        } else {
            forget(c);
        }
        wakeWaiters();
    }

    /**
     * Ends the pool on its loop: the idle connections close now, those in use when they are
     * given back.
     */
    void retire() {
        retired = true;
        closeIdle();
    }

    /** Closes the idle connections (the client is closing). */
    void closeIdle() {
        for (ArrayDeque<Connection> queue : idle.values()) {
            for (Connection c : queue) {
                counters.idle.decrementAndGet();
                forget(c);
            }
        }
        idle.clear();
    }

    /** When this pool was last used (read from any thread). */
    long lastUsed() {
        return lastUsed;
    }

    /** Whether no connection is open and no task waits. */
    boolean isEmpty() {
        return total == 0 && waiters.isEmpty();
    }

    /**
     * Closes the idle connections of a pool that is dropped, possibly from another thread: its
     * scheduler is closed (so no task of it touches the pool any more) or its last task was
     * removed. Socket close is safe from any thread.
     */
    void abandon() {
        for (ArrayDeque<Connection> queue : idle.values()) {
            counters.idle.addAndGet(-queue.size());
            queue.forEach(Connection::close);
        }
        idle.clear();
    }

    private void expireIdle() {
        long now = System.nanoTime();
        long limit = config.idleTimeout().toNanos();
        for (Iterator<ArrayDeque<Connection>> it = idle.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Connection> queue = it.next();
            // the oldest are at the end (connections are returned at the front)
            while (!queue.isEmpty() && now - queue.peekLast().idleSince >= limit) {
                counters.idle.decrementAndGet();
                forget(queue.pollLast());
            }
            if (queue.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Closes the longest idle connection of any origin to make room; false if none is idle. */
    private boolean evictOneIdle() {
        Connection oldest = null;
        for (ArrayDeque<Connection> queue : idle.values()) {
            Connection c = queue.peekLast();
            if (c != null && (oldest == null || c.idleSince < oldest.idleSince)) {
                oldest = c;
            }
        }
        if (oldest == null) {
            return false;
        }
        idle.get(oldest.origin).pollLast();
        counters.idle.decrementAndGet();
        forget(oldest);
        return true;
    }

    private void forget(Connection c) {
        c.close();
        unreserve(c.origin);
    }

    private void unreserve(Origin origin) {
        open.computeIfPresent(origin, (o, n) -> n == 1 ? null : n - 1);
        total--;
    }

    private void wakeWaiters() {
        if (!waiters.isEmpty()) {
            List<Task> all = new ArrayList<>(waiters);
            for (Task t : all) {
                Copas.wakeup(t);
            }
        }
    }
}
