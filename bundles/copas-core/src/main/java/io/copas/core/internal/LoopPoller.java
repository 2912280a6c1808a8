package io.copas.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The loop's look at its sockets: the selector, how often a busy loop polls it, the blocking
 * wait of an idle one (through the engine, decision 0017), wake-ups from other threads, and the
 * rebuild of a selector that misbehaves. Loop-confined except {@link #wakeup()} and the
 * {@link #selector} it reads.
 */
final class LoopPoller {

    private final String owner;
    private final Engine engine;
    private final Consumer<SelectionKey> keyHandler;
    /** Asked after a blocking wait is announced: work that must not wait (requests, a close). */
    private final BooleanSupplier urgent;
    /** Replaced only by a rebuild on the loop; volatile for wake-ups from other threads. */
    volatile Selector selector;
    private final SelectorHealth health = new SelectorHealth();
    /** A blocking wait is under way or about to be: other threads must wake the selector. */
    private final AtomicBoolean selecting = new AtomicBoolean();
    private int stepsSincePoll;
    private long lastPollNanos;
    /** The loop's thread was interrupted by someone else while looping: restored for an embedded caller. */
    private boolean strayInterrupt;

    /**
     * Opens the selector.
     *
     * @param owner      the scheduler's name, for messages
     * @param engine     the engine, which does the blocking wait
     * @param keyHandler called for each ready key, on the loop
     * @param urgent     whether a wait must not block after all
     */
    LoopPoller(String owner, Engine engine, Consumer<SelectionKey> keyHandler, BooleanSupplier urgent) {
        this.owner = owner;
        this.engine = engine;
        this.keyHandler = keyHandler;
        this.urgent = urgent;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for scheduler '" + owner + "'", e);
        }
    }

    /**
     * Looks at the sockets and hands each ready key to the key handler.
     *
     * @param waitNanos how long the loop may wait; {@code 0} when tasks are ready, {@code Long.MAX_VALUE} for no limit
     * @param everyStep poll on every step even with tasks ready (a virtual clock, or runDue() at work)
     * @return how many keys were ready
     */
    int poll(long waitNanos, boolean everyStep) {
        try {
            if (waitNanos == 0) {
                // Tasks are ready: poll the sockets only now and then, not on every step (a
                // syscall per step would cost more than the switches); I/O still gets its turn.
                long now = System.nanoTime();
                if (++stepsSincePoll < Fairness.POLL_EVERY_STEPS && now - lastPollNanos < Fairness.POLL_INTERVAL_NANOS
                        && !everyStep) {
                    return 0;
                }
                stepsSincePoll = 0;
                lastPollNanos = now;
                return selector.selectNow(keyHandler);
            }
            return waitBlocking(waitNanos);
        } catch (IOException e) {
            SchedulerImpl.LOG.log(System.Logger.Level.ERROR, "scheduler '" + owner + "': select failed", e);
            if (health.afterFailure()) {
                rebuild("it failed " + SelectorHealth.FAILURES_THRESHOLD + " times in a row");
            }
            return 0;
        }
    }

    private int waitBlocking(long waitNanos) throws IOException {
        clearStrayInterrupt(); // an interrupted thread's select returns at once: the loop would spin
        selecting.set(true);
        try {
            stepsSincePoll = 0;
            if (urgent.getAsBoolean()) { // asked after selecting is set: a request made now wakes us
                return selector.selectNow(keyHandler);
            }
            long millis = waitNanos == Long.MAX_VALUE ? 0 : Math.max(1, (waitNanos + 999_999) / 1_000_000);
            long before = System.nanoTime();
            int events = engine.select(selector, keyHandler, millis);
            if (health.afterSelect(events, millis, System.nanoTime() - before, !selecting.get())) {
                rebuild("it returned early and empty " + SelectorHealth.EARLY_RETURNS_THRESHOLD + " times in a row");
            }
            return events;
        } finally {
            lastPollNanos = System.nanoTime();
            selecting.set(false);
        }
    }

    private void clearStrayInterrupt() {
        if (Thread.interrupted()) {
            strayInterrupt = true;
            SchedulerImpl.LOG.log(System.Logger.Level.DEBUG, "scheduler '" + owner + "': loop thread interrupted; cleared");
        }
    }

    /**
     * Whether the loop's thread was interrupted by someone else while looping; forgets it.
     *
     * @return {@code true} once after such an interrupt
     */
    boolean takeStrayInterrupt() {
        boolean was = strayInterrupt;
        strayInterrupt = false;
        return was;
    }

    /** Ends a blocking wait under way; any thread. */
    void wakeup() {
        if (selecting.getAndSet(false)) {
            selector.wakeup();
        }
    }

    /**
     * Replaces the selector by a new one with every live registration moved over, as Netty's
     * event loop does when the JDK's selector misbehaves (returns at once without events, or
     * fails, again and again). Loop side.
     *
     * @param why for the log
     */
    void rebuild(String why) {
        Selector old = selector;
        SelectorMove.Moved fresh = SelectorMove.toFreshSelector(old, owner);
        if (fresh == null) {
            return;
        }
        selector = fresh.selector(); // published before the old one closes: a wakeup from another thread finds it
        health.reset();
        try {
            old.close();
        } catch (IOException e) {
            SchedulerImpl.LOG.log(System.Logger.Level.DEBUG, "closing the old selector failed", e);
        }
        SchedulerImpl.LOG.log(System.Logger.Level.WARNING, "scheduler '" + owner + "': selector rebuilt (" + why + "); "
                + fresh.moved() + " registration(s) moved");
    }

    /** Closes the selector, at the end of the scheduler. */
    void close() {
        try {
            selector.close();
        } catch (IOException e) {
            SchedulerImpl.LOG.log(System.Logger.Level.DEBUG, "closing the selector failed", e);
        }
    }
}
