package io.copas.sync;

import io.copas.core.Copas;
import io.copas.core.ErrorHandler;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.sync.internal.Guards;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-shot or recurring timer ({@code copas.timer}): while armed, a task named after the timer
 * sleeps for the delay, then runs the callback (and, if recurring, sleeps again: the period is
 * measured from the end of the callback, as upstream).
 *
 * <pre>{@code
 * Timer<String> t = Timer.<String>builder(Duration.ofSeconds(1), (timer, p) -> System.out.println(p))
 *         .recurring(true).params("tick").build();   // armed
 * ...
 * t.cancel();
 * }</pre>
 *
 * <p>An exception from the callback goes to the timer's error handler (the one given to the
 * builder, else the scheduler's default) with the timer's task; a recurring timer goes on.
 * {@link #cancel()} stops an idle timer at once (its task ends, so it no longer keeps the loop
 * alive); a callback that is running, even suspended in I/O, is left to finish and the timer is
 * not rescheduled (upstream #206).
 *
 * @param <P> the type of the parameters passed to the callback
 */
public final class Timer<P> {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Scheduler scheduler;
    private final String name;
    // as upstream's fields, changeable at any time and read again on every cycle (loop-confined)
    private boolean recurring;
    private Duration delay;
    private P params;
    private final TimerCallback<P> callback;
    private final ErrorHandler errorHandler;
    /** The current arming; {@code null} while not armed. Each arming has its own task and flags. */
    private Run armed;

    /** One arming: its task and whether it was cancelled or is in its callback. */
    private static final class Run {
        Task task;
        boolean cancelled;
        boolean inCallback;
    }

    private Timer(Builder<P> builder) {
        this.scheduler = builder.scheduler != null ? builder.scheduler : Guards.currentScheduler("Timer.build()");
        this.name = builder.name != null ? builder.name : "copas_timer_" + NAMES.incrementAndGet();
        this.recurring = builder.recurring;
        this.delay = builder.delay;
        this.params = builder.params;
        this.callback = builder.callback;
        this.errorHandler = builder.errorHandler;
    }

    /**
     * Starts building a timer ({@code copas.timer.new{delay = ..., callback = ...}}).
     *
     * @param delay    the delay before each run, zero or more
     * @param callback what to run
     * @param <P>      the type of the callback's parameters
     * @return a builder
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static <P> Builder<P> builder(Duration delay, TimerCallback<P> callback) {
        return new Builder<>(delay, callback);
    }

    /**
     * Arms the timer with its delay ({@code timer:arm()}).
     *
     * @return this timer
     * @throws IllegalStateException if already armed, or if called from elsewhere than the
     *                               timer's scheduler
     */
    public Timer<P> arm() {
        return arm(null);
    }

    /**
     * Arms the timer ({@code timer:arm(initial_delay)}): a new task named after the timer runs
     * the callback after {@code initialDelay}, then (recurring) every {@link #delay()}. A
     * cancelled or expired timer can be armed again, a one-shot timer also from its own callback.
     *
     * @param initialDelay the first delay; {@code null} for {@link #delay()}
     * @return this timer
     * @throws IllegalStateException    if already armed (upstream's {@code "already armed"}), or
     *                                  if called from elsewhere than the timer's scheduler
     * @throws IllegalArgumentException if {@code initialDelay} is negative
     */
    public Timer<P> arm(Duration initialDelay) {
        Guards.requireLoop(scheduler, "Timer.arm()");
        Duration first = initialDelay == null ? delay : initialDelay;
        if (first.isNegative()) {
            throw new IllegalArgumentException("initialDelay must be >= 0, was " + first);
        }
        if (armed != null) {
            throw new IllegalStateException("timer '" + name + "' is already armed");
        }
        Run run = new Run();
        armed = run;
        run.task = scheduler.add(name, () -> expire(run, first));
        // however the task ends (its callback returned, cancelled, removed even before it first ran)
        run.task.whenDone(() -> {
            if (armed == run) {
                armed = null;
            }
        });
        return this;
    }

    /**
     * Cancels the timer ({@code timer:cancel()}). An idle timer's task ends at once; a callback
     * that is running is left to finish, and the timer is not rescheduled.
     *
     * @return {@code true} if it was armed, {@code false} if not (upstream's
     *         {@code "not armed"}; a one-shot timer is no longer armed once its callback started)
     * @throws IllegalStateException if called from elsewhere than the timer's scheduler
     */
    public boolean cancel() {
        Guards.requireLoop(scheduler, "Timer.cancel()");
        Run run = armed;
        if (run == null) {
            return false;
        }
        armed = null;
        run.cancelled = true;
        if (!run.inCallback) {
            scheduler.wakeup(run.task); // out of its pause; it sees the flag and ends
        }
        return true;
    }

    private void expire(Run run, Duration first) {
        Task me = Copas.current();
        if (errorHandler != null) {
            me.setErrorHandler(errorHandler);
        }
        if (!run.cancelled) {
            Copas.pause(first);
        }
        while (!run.cancelled) {
            if (!recurring) {
                run.cancelled = true;
                armed = null; // before the callback, so that it may arm the timer again
                invoke(run, me);
                return;
            }
            invoke(run, me);
            if (run.cancelled) {
                return;
            }
            Copas.pause(delay);
        }
    }

    private void invoke(Run run, Task me) {
        run.inCallback = true;
        try {
            callback.onTimer(this, params);
        } catch (Throwable e) {
            if (e instanceof Error error && Guards.isFatal(error)) {
                throw error;
            }
            Guards.report(me.errorHandler(), e, me);
        } finally {
            run.inCallback = false;
        }
    }

    /**
     * Whether the timer is armed: waiting to run, or a recurring timer in its callback.
     *
     * @return {@code true} while armed
     */
    public boolean isArmed() {
        return armed != null;
    }

    /**
     * The timer's name ({@code timer.name}), also the name of its task.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Whether the timer recurs ({@code timer.recurring}).
     *
     * @return {@code true} if recurring
     */
    public boolean isRecurring() {
        return recurring;
    }

    /**
     * The delay ({@code timer.delay}).
     *
     * @return the delay
     */
    public Duration delay() {
        return delay;
    }

    /**
     * The parameters passed to the callback ({@code timer.params}).
     *
     * @return the parameters, possibly {@code null}
     */
    public P params() {
        return params;
    }

    /**
     * Changes whether the timer recurs ({@code timer.recurring = ...}), read before each run: set
     * to {@code false} while armed, the timer runs once more and ends.
     *
     * @param recurring whether to recur
     * @return this timer
     * @throws IllegalStateException if called from elsewhere than the timer's scheduler
     */
    public Timer<P> setRecurring(boolean recurring) {
        Guards.requireLoop(scheduler, "Timer.setRecurring()");
        this.recurring = recurring;
        return this;
    }

    /**
     * Changes the delay ({@code timer.delay = ...}): a back-off, say. It counts from the next
     * pause on, the next arming or a recurring timer's next period; a pause under way keeps
     * its length.
     *
     * @param delay the delay, zero or more
     * @return this timer
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws IllegalStateException    if called from elsewhere than the timer's scheduler
     */
    public Timer<P> setDelay(Duration delay) {
        Guards.requireLoop(scheduler, "Timer.setDelay()");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay);
        }
        this.delay = delay;
        return this;
    }

    /**
     * Changes the parameters passed to the callback from its next run on ({@code timer.params = ...}).
     *
     * @param params the parameters, may be {@code null}
     * @return this timer
     * @throws IllegalStateException if called from elsewhere than the timer's scheduler
     */
    public Timer<P> setParams(P params) {
        Guards.requireLoop(scheduler, "Timer.setParams()");
        this.params = params;
        return this;
    }

    /**
     * The scheduler the timer belongs to.
     *
     * @return the scheduler
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public String toString() {
        return "Timer[" + name + ", " + (recurring ? "every " : "once after ") + delay + (armed != null ? ", armed" : "") + "]";
    }

    /**
     * Builds a {@link Timer} (upstream's options table).
     *
     * @param <P> the type of the callback's parameters
     */
    public static final class Builder<P> {

        private final Duration delay;
        private final TimerCallback<P> callback;
        private String name;
        private boolean recurring;
        private Duration initialDelay;
        private P params;
        private ErrorHandler errorHandler;
        private Scheduler scheduler;

        private Builder(Duration delay, TimerCallback<P> callback) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must be >= 0, was " + delay);
            }
            this.delay = delay;
            this.callback = Objects.requireNonNull(callback, "callback");
        }

        /**
         * Sets the name ({@code opts.name}); the default is {@code "copas_timer_N"}.
         *
         * @param name not blank
         * @return this builder
         */
        public Builder<P> name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Makes the timer recurring ({@code opts.recurring}); it is one-shot by default.
         *
         * @param recurring whether it recurs
         * @return this builder
         */
        public Builder<P> recurring(boolean recurring) {
            this.recurring = recurring;
            return this;
        }

        /**
         * Sets the first delay ({@code opts.initial_delay}); the default is the delay.
         *
         * @param initialDelay zero or more; {@code null} for the delay
         * @return this builder
         */
        public Builder<P> initialDelay(Duration initialDelay) {
            if (initialDelay != null && initialDelay.isNegative()) {
                throw new IllegalArgumentException("initialDelay must be >= 0, was " + initialDelay);
            }
            this.initialDelay = initialDelay;
            return this;
        }

        /**
         * Sets the parameters passed to the callback ({@code opts.params}).
         *
         * @param params the parameters, may be {@code null}
         * @return this builder
         */
        public Builder<P> params(P params) {
            this.params = params;
            return this;
        }

        /**
         * Sets the error handler for the callback's exceptions ({@code opts.errorhandler}); it
         * becomes the timer task's own handler. The default is the scheduler's.
         *
         * @param errorHandler the handler, or {@code null}
         * @return this builder
         */
        public Builder<P> errorHandler(ErrorHandler errorHandler) {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * Sets the scheduler; the default is the calling task's.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder<P> scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Creates the timer and arms it with the initial delay ({@code copas.timer.new} returns an
         * armed timer).
         *
         * @return the armed timer
         * @throws IllegalStateException without a scheduler outside a task, or if called from
         *                               elsewhere than the scheduler
         */
        public Timer<P> build() {
            return new Timer<>(this).arm(initialDelay);
        }
    }
}
