package io.copas.http.internal;

import io.copas.http.PoolStatistics;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client's statistics, summed over the pools of all its schedulers. Updated from loop threads
 * and read from any thread, hence atomics (never a lock).
 */
public final class PoolCounters {

    final AtomicLong requests = new AtomicLong();
    final AtomicLong opened = new AtomicLong();
    final AtomicLong reused = new AtomicLong();
    final AtomicLong stale = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicInteger idle = new AtomicInteger();
    final AtomicInteger busy = new AtomicInteger();
    final AtomicInteger waiting = new AtomicInteger();

    /**
     * A snapshot.
     *
     * @return the statistics now
     */
    public PoolStatistics snapshot() {
        return new PoolStatistics(requests.get(), opened.get(), reused.get(), stale.get(), retried.get(), idle.get(),
                busy.get(), waiting.get());
    }
}
