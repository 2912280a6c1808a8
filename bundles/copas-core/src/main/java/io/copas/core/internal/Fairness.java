package io.copas.core.internal;

import java.time.Duration;

/**
 * The loop's fairness and back-off constants, in one place. Copas yields at random to keep a busy
 * task from starving the others; these are the deterministic equivalents (docs/decisions/0003).
 */
final class Fairness {

    /**
     * Successful non-blocking I/O calls a task may make before it yields for one step, so that a
     * peer that always has data ready cannot starve the other tasks.
     */
    static final int IO_BUDGET = 64;

    /**
     * I/O calls a removed task may make without a fairness yield while it unwinds its removal
     * (its finally blocks: a goodbye, a TLS close_notify): a yield there would drop it, cutting its
     * clean-up short. Beyond them it yields, and is dropped, so a task that swallowed its removal
     * and loops on ready data cannot hold the loop for ever.
     */
    static final int UNWINDING_IO_ALLOWANCE = 1024;

    /**
     * While tasks are ready, the sockets are polled every this many steps, or after
     * {@link #POLL_INTERVAL_NANOS}, whichever comes first: a select per step would cost more than
     * the switches, yet I/O readiness is seen at most that much later under load.
     */
    static final int POLL_EVERY_STEPS = 16;

    /** See {@link #POLL_EVERY_STEPS}. */
    static final long POLL_INTERVAL_NANOS = 50_000;

    /**
     * How long one step runs ready tasks before it leaves the rest for the next steps, which
     * first serve due timers and poll the sockets (docs/decisions/0014): a mass start of many
     * tasks then delays a due sleeper by about this much, not by the whole start.
     */
    static final long STEP_BUDGET_NANOS = 1_000_000;

    /** Connections a server accepts per readiness event before the other tasks get a turn. */
    static final int ACCEPT_BATCH = 64;

    /**
     * How long a server stops accepting after a failed accept (out of file descriptors, say), so
     * that a persistent failure does not spin the loop.
     */
    static final Duration ACCEPT_BACKOFF = Duration.ofSeconds(1);

    private Fairness() {
    }
}
