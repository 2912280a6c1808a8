package io.copas.core;

import io.copas.core.internal.SchedulerImpl;
import io.copas.core.spi.SocketArguments;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One Copas loop: runs cooperative tasks, one at a time, over sockets and timers.
 *
 * <p>Drive it embedded ({@link #loop()} on the calling thread until nothing is left to do, or
 * {@link #step(Duration)}), or as a service ({@link #start()} runs the loop on its own thread
 * until {@link #close()}).
 *
 * <p>Thread safety: {@link #add}, {@link #submit}, {@link #wakeup}, {@link #remove(Task)},
 * {@link #exit}, {@link #exiting()}, {@link #cancelAll()}, {@link #status}, {@link #tasks()},
 * {@link #finished()}, {@link #addServer}, {@link #removeServer}, {@link #inLoop()},
 * {@link #name()}, {@link #running()}, {@link #close()}, and {@link #tcp()}, {@link #udp()} and
 * {@code wrap}, which make sockets that a task then uses, may be called from any thread: from
 * outside the loop they are queued to it (and {@code wakeup}, {@code remove} and
 * {@code removeServer} then answer for the moment they were queued). The ones that wait for the
 * loop's answer ({@link #status}, {@link #tasks()}, {@link #finished()} and {@link #addServer})
 * refuse, with {@link IllegalStateException}, a caller on another scheduler's loop or task: it
 * would hold that loop while it waits, and two loops waiting for each other (two members of a
 * group asking each other's status) would never wake. Everything else, and every operation on a
 * socket, belongs to the loop: call it from a task of this scheduler; elsewhere it fails with
 * {@link IllegalStateException}.
 */
@ProviderType
public interface Scheduler extends AutoCloseable {

    /**
     * Creates a scheduler with default settings. It holds a selector (two file descriptors) until
     * {@link #close()}, also after {@link #loop()} returned: a program that makes a scheduler per
     * job closes each one (try-with-resources).
     *
     * @return a new scheduler, not yet running
     */
    static Scheduler create() {
        return builder().build();
    }

    /**
     * Starts building a scheduler.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * The scheduler's name (thread names and logs).
     *
     * @return the name
     */
    String name();

    /**
     * Whether the calling thread may use this scheduler's loop-confined calls right now: it is a
     * task of this scheduler or the thread running its loop (timeout callbacks, error handlers).
     *
     * @return {@code true} on the loop
     */
    boolean inLoop();

    /**
     * The engine that switches between the loop and the tasks.
     *
     * @return the engine's name
     */
    String engine();

    // ---------------------------------------------------------------- tasks

    /**
     * Adds a task ({@code copas.addthread}); it starts in the next step, not at once.
     *
     * @param body the task's code
     * @return the task
     * @throws IllegalStateException if the scheduler is closed, or closing and the caller is not
     *                               one of its tasks
     */
    Task add(TaskBody body);

    /**
     * Adds a named task ({@code copas.addnamedthread}).
     *
     * @param name the task's name, not blank
     * @param body the task's code
     * @return the task
     */
    Task add(String name, TaskBody body);

    /**
     * Runs {@code callable} as a task and completes the future with its result or exception.
     * The way in for code outside the loop.
     *
     * <p>The task runs when the loop runs: in service mode ({@link #start()}) soon; on an
     * embedded scheduler only during a later {@link #loop()} or {@link #step(Duration)}, so a
     * caller that waits for the future must make sure one happens. If the task is removed, or the
     * scheduler shuts down first, the future fails with a {@link java.util.concurrent.CancellationException};
     * on a closed or closing scheduler it is returned already failed with an
     * {@link IllegalStateException} (nothing is thrown).
     *
     * @param callable the work; it may use every Copas call
     * @param <T>      the result type
     * @return the future result
     */
    <T> CompletableFuture<T> submit(Callable<T> callable);

    /**
     * Removes a task ({@code copas.removethread}): a sleeping or waiting task leaves at once and
     * no longer keeps the loop alive; its code is unwound with {@link TaskRemovedError} in the
     * next step so its {@code finally} blocks run (their sends are not cut short by fairness
     * yields, up to a generous number of calls); a pending connect is given up by closing its
     * socket. The current task is removed at its next yield.
     * A task that catches the error and then tries to wait again is dropped by the loop, as Copas
     * drops a removed coroutine: it is never resumed, the turns it held on sockets pass to the
     * next task in line (a TCP socket on which it had sent part of a message is closed: no other
     * bytes may follow it), the socket it wanted to wait on is closed unless another task holds a
     * turn on it or waits in line for one, its done actions run, and a warning names it.
     *
     * @param task the task
     * @return {@code true} if the task was live and is now removed
     * @throws IllegalArgumentException if the task belongs to another scheduler
     */
    boolean remove(Task task);

    /**
     * Wakes a sleeping or suspended task at once ({@code copas.wakeup}); does nothing otherwise.
     * From another thread the wake-up is queued to the loop and this returns {@code true}.
     *
     * @param task the task
     * @return {@code true} if the task was sleeping or suspended (Copas 4.12)
     * @throws IllegalArgumentException if the task belongs to another scheduler
     */
    boolean wakeup(Task task);

    /**
     * The live tasks, for inspection.
     *
     * @return a snapshot
     */
    List<Task> tasks();

    // ---------------------------------------------------------------- loop

    /**
     * Runs the loop until nothing is left to do ({@code copas.loop}).
     */
    void loop();

    /**
     * Adds {@code init} as a task named {@code "copas_initializer"} and runs the loop.
     *
     * @param init the first task
     */
    void loop(TaskBody init);

    /**
     * Runs the loop with a step timeout passed to each {@link #step(Duration)}.
     *
     * @param init        the first task, or {@code null}
     * @param stepTimeout the longest a step waits, or {@code null} for no limit
     */
    void loop(TaskBody init, Duration stepTimeout);

    /**
     * Runs one iteration ({@code copas.step}): waits at most {@code timeout} for sockets and
     * timers, then runs what is ready.
     *
     * @param timeout the longest wait; {@code null} waits until the next timer or event, but at
     *                most 100 ms: upstream's {@code copas.step()} returns within 0.1 s, woken by its
     *                core timer task, so a loop of steps written around it runs ten times a second
     *                even when nothing happens
     * @return {@code true} if socket events were handled, {@code false} if the wait timed out
     */
    boolean step(Duration timeout);

    /**
     * Whether nothing is left: no task ready, sleeping, reading or writing, no server, no armed
     * timeout ({@code copas.finished}). Suspended tasks do not count.
     *
     * @return {@code true} when done
     */
    boolean finished();

    /**
     * Whether a loop is running ({@code copas.running}).
     *
     * @return {@code true} while running
     */
    boolean running();

    /**
     * Announces the intent to exit ({@code copas.exit}): {@link #exiting()} turns true and tasks
     * in {@link #waitForExit()} wake up. The loop calls it itself when it is finished.
     */
    void exit();

    /**
     * Whether {@link #exit()} was called ({@code copas.exiting}).
     *
     * @return {@code true} after exit
     */
    boolean exiting();

    /**
     * Blocks the calling task until {@link #exit()} is called ({@code copas.waitforexit}).
     */
    void waitForExit();

    /**
     * Drops all pending work so the loop can end at once ({@code copas.cancelall}): every task
     * is removed, servers are closed, sleepers and timeouts cleared.
     */
    void cancelAll();

    /**
     * Runs the loop on its own thread until {@link #close()} (service mode); it does not end when
     * idle.
     *
     * @throws IllegalStateException if a loop already runs
     */
    void start();

    /**
     * Shuts the scheduler down: announces exit, lets the tasks that are ready (those woken by the
     * exit, say) run for up to 2 seconds while any are, then removes the rest (a task that pauses
     * or waits on a socket meanwhile is removed there, its {@code finally} blocks run), closes every
     * socket and server, and (service mode) waits for the loop thread to end. Tasks that need
     * longer to finish should be told with {@link #exit()} first and awaited. Idempotent.
     */
    @Override
    void close();

    // ---------------------------------------------------------------- time

    /**
     * The clock this scheduler's pauses, timeouts and timers follow.
     *
     * @return the clock, {@link SchedulerClock#system()} unless the builder set another
     */
    SchedulerClock clock();

    /**
     * Runs, without waiting, everything that is due at the clock's current time: tasks that are
     * ready, socket events already there, pauses and timeouts that are due, and whatever these
     * make ready in turn, until nothing is left ready. Made for {@linkplain SchedulerClock#isVirtual()
     * virtual clocks}: a test moves its clock, then lets the scheduler catch up.
     *
     * <p>From a task of this scheduler the task yields until the others are done. From another
     * thread it runs the steps on the calling thread when no loop runs, else it hands the work to
     * the running loop and waits for it. Gives up with an {@link IllegalStateException} when tasks
     * are still ready after a million steps (a task that yields in an endless loop).
     *
     * @return the clock time ({@link SchedulerClock#nanoTime()}) of the earliest pause or timeout
     *         still pending, {@link Long#MAX_VALUE} when none is (or the scheduler is closed)
     * @throws IllegalStateException from the loop outside a task (a timeout callback), or from a
     *                               task of another scheduler
     */
    long runDue();

    // ---------------------------------------------------------------- status

    /**
     * A snapshot of the scheduler ({@code copas.status()}); detailed statistics are included
     * while enabled, and their window restarts.
     *
     * @return the status
     */
    SchedulerStatus status();

    /**
     * Enables or disables detailed statistics and returns a snapshot ({@code copas.status(bool)}).
     * As upstream's: {@code true} while statistics are already on is {@link #status()} (the
     * window's statistics are included and it restarts); turning them on starts a first window,
     * with nothing to report yet; {@code false} turns them off and reports none.
     *
     * @param detailedStatistics whether to collect detailed statistics from now on
     * @return the status
     */
    SchedulerStatus status(boolean detailedStatistics);

    // ---------------------------------------------------------------- errors

    /**
     * The default error handler (the built-in one logs the traceback).
     *
     * @return the handler
     */
    ErrorHandler defaultErrorHandler();

    /**
     * Sets the default error handler ({@code copas.seterrorhandler(func, true)}); {@code null}
     * restores the built-in one.
     *
     * @param handler the handler, or {@code null}
     */
    void setDefaultErrorHandler(ErrorHandler handler);

    // ---------------------------------------------------------------- debugging

    /**
     * Starts logging what the loop does with its tasks ({@code copas.debug.start}): each resume
     * and what the task did then (waits, yields, ends, fails). With {@code core}, also each step
     * of the loop: how long it waited, how many socket events, how many tasks ran (very noisy).
     *
     * @param logger receives one line per event; called on the loop, must not block
     * @param core   whether to log the loop's own steps too
     */
    void startDebug(Consumer<String> logger, boolean core);

    /** Stops the debug log ({@code copas.debug.stop}). */
    void stopDebug();

    // ---------------------------------------------------------------- sockets

    /**
     * Wraps a TCP channel ({@code copas.wrap}); it is switched to non-blocking mode.
     * Wrapping a channel again returns the socket it already has (two sockets on one channel
     * would steal each other's wake-ups).
     *
     * @param channel an open channel, connected or not
     * @return the Copas socket
     * @throws IOException if the channel cannot be configured
     */
    TcpSocket wrap(SocketChannel channel) throws IOException;

    /**
     * Opens a new unconnected TCP socket ({@code copas.wrap(socket.tcp())}).
     *
     * @return the socket
     * @throws IOException if it cannot be opened
     */
    TcpSocket tcp() throws IOException;

    /**
     * Wraps a UDP channel; it is switched to non-blocking mode.
     * Wrapping a channel again returns the socket it already has (two sockets on one channel
     * would steal each other's wake-ups).
     *
     * @param channel an open channel
     * @return the Copas socket
     * @throws IOException if the channel cannot be configured
     */
    UdpSocket wrap(DatagramChannel channel) throws IOException;

    /**
     * Opens a new UDP socket bound to an ephemeral port.
     *
     * @return the socket
     * @throws IOException if it cannot be opened
     */
    UdpSocket udp() throws IOException;

    /**
     * Adds a TCP server ({@code copas.addserver}): each accepted connection is handled in its
     * own task, with {@code timeout} set on the accepted socket. A channel this scheduler already
     * serves gets the new handler, timeout and name, as upstream replaces the handler: the earlier
     * server is removed (its channel kept open) and no longer {@linkplain Server#isActive() active}.
     *
     * @param channel a bound server channel
     * @param handler the connection handler
     * @param timeout timeout for accepted sockets, or {@code null} for none
     * @param name    the server's name, or {@code null} for a generated one
     * @return the server
     * @throws IOException if the channel cannot be registered
     */
    Server addServer(ServerSocketChannel channel, ConnectionHandler handler, Duration timeout, String name)
            throws IOException;

    /**
     * Adds a TCP server without timeout and with a generated name.
     *
     * @param channel a bound server channel
     * @param handler the connection handler
     * @return the server
     * @throws IOException if the channel cannot be registered
     */
    Server addServer(ServerSocketChannel channel, ConnectionHandler handler) throws IOException;

    /**
     * Adds a UDP server: {@code handler} runs once, in a task named {@code "<name>:handler"},
     * with the wrapped socket, whose timeouts are set to {@code timeout}. A channel this scheduler
     * already serves gets the new handler: the earlier server is removed (its handler task as by
     * {@link #removeServer}, the channel kept open).
     *
     * @param channel a bound datagram channel
     * @param handler the handler
     * @param timeout the socket's timeout, or {@code null}
     * @param name    the server's name, or {@code null}
     * @return the server
     * @throws IOException if the channel cannot be configured
     */
    Server addServer(DatagramChannel channel, DatagramHandler handler, Duration timeout, String name)
            throws IOException;

    /**
     * Removes a server ({@code copas.removeserver}); its channel is closed unless
     * {@code keepOpen}. Connections already accepted go on. A UDP server's waiting handler task is
     * removed (as {@link #remove(Task)}; no error is reported), as upstream never resumes it.
     *
     * @param server   the server
     * @param keepOpen whether to leave the channel open
     * @return {@code true} if it was registered
     * @throws IllegalArgumentException if it is another scheduler's server, or a scheduler group's
     */
    boolean removeServer(Server server, boolean keepOpen);

    /**
     * Whether accepted sockets are closed when their handler ends ({@code copas.autoclose}).
     *
     * @return the setting, {@code true} by default
     */
    boolean autoclose();

    /**
     * Sets {@link #autoclose()}.
     *
     * @param autoclose the new setting
     */
    void setAutoclose(boolean autoclose);

    /** Builds a {@link Scheduler}. */
    final class Builder {

        private String name = "copas";
        private String engine = "auto";
        private boolean detailedStatistics;
        private Duration watchdog;
        private boolean watchdogSet;
        private int receiveLimit = TcpSocket.DEFAULT_RECEIVE_LIMIT;
        private SchedulerClock clock = SchedulerClock.system();

        Builder() {
        }

        /**
         * Sets the name.
         *
         * @param name not blank
         * @return this builder
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Chooses the engine: {@code "auto"} (the fastest one the JVM allows), {@code "default"}
         * (public API only) or the name of another engine. The system property
         * {@code io.copas.engine} overrides {@code "auto"}.
         *
         * @param engine the engine's name
         * @return this builder
         */
        public Builder engine(String engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * Collects detailed statistics from the start.
         *
         * @param enabled whether to
         * @return this builder
         */
        public Builder detailedStatistics(boolean enabled) {
            this.detailedStatistics = enabled;
            return this;
        }

        /**
         * Turns on the blocked-loop watchdog: a task that holds the loop (computes or blocks in a
         * JDK call without yielding) for longer than {@code threshold} is logged with its name,
         * how long, and its stack at that moment, again after twice as long, and so on; a loop
         * step that takes longer than {@code threshold} in total is logged with the number of
         * tasks it ran. Each report counts in {@link SchedulerStatus#stalls()}. Without this call
         * the system property {@code io.copas.watchdog} (milliseconds or an ISO-8601 duration)
         * decides; by default the watchdog is off and costs nothing.
         *
         * @param threshold the threshold (2 s is a good start), or {@code null} for off
         * @return this builder
         * @throws IllegalArgumentException if {@code threshold} is zero or negative
         */
        public Builder watchdog(Duration threshold) {
            if (threshold != null && (threshold.isZero() || threshold.isNegative())) {
                throw new IllegalArgumentException("watchdog threshold must be > 0, was " + threshold);
            }
            this.watchdog = threshold;
            this.watchdogSet = true;
            return this;
        }

        /**
         * Sets the receive limit the scheduler's TCP sockets start with (each socket can change
         * its own), see {@link TcpSocket#setReceiveLimit(int)}.
         *
         * @param limit the limit in bytes, at least 1; {@link TcpSocket#DEFAULT_RECEIVE_LIMIT} by default
         * @return this builder
         * @throws IllegalArgumentException if {@code limit} is less than 1
         */
        public Builder receiveLimit(int limit) {
            this.receiveLimit = SocketArguments.checkReceiveLimit(limit);
            return this;
        }

        /**
         * Sets the clock of pauses, timeouts and timers; tests plug in a virtual clock here.
         *
         * @param clock the clock, {@link SchedulerClock#system()} by default
         * @return this builder
         */
        public Builder clock(SchedulerClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the scheduler, and {@linkplain SchedulerClock#attach(Scheduler) attaches} it to its clock.
         *
         * @return a new scheduler, not yet running
         * @throws IllegalArgumentException if the engine is unknown
         */
        public Scheduler build() {
            return configure(new SchedulerImpl(name, engine, detailedStatistics, clock));
        }

        /** The engine asked for (a group's members are made with it). */
        String engineName() {
            return engine;
        }

        /** Whether detailed statistics were asked for (a group's members are made with it). */
        boolean detailedStatistics() {
            return detailedStatistics;
        }

        /** Applies the settings made after construction: to a new scheduler, or a group's member. */
        SchedulerImpl configure(SchedulerImpl scheduler) {
            if (scheduler.clock() != clock) {
                throw new IllegalArgumentException("the members of a scheduler group run on the system clock;"
                        + " a virtual clock is for one scheduler built with Scheduler.builder()");
            }
            if (watchdogSet) {
                scheduler.setWatchdog(watchdog);
            }
            scheduler.setReceiveLimit(receiveLimit);
            clock.attach(scheduler);
            return scheduler;
        }
    }

    /**
     * The protocol client that serves {@code scheme} ({@code "http"}, {@code "https"},
     * {@code "ftp"}, {@code "smtp"}, ...), as Copas loads {@code copas.http} on first
     * {@code require}: found through the OSGi service registry inside a framework (the client
     * bundle's component is created on this first use), through {@link java.util.ServiceLoader}
     * on the module or class path. Callable from any thread. Fails at once when no client serves
     * the scheme. From a task, the component's creation runs on another thread (it takes the
     * framework's locks) while the task pauses, for up to 30 seconds: the loop is never held.
     *
     * @param scheme the URL scheme, case-insensitive
     * @param type   the client's API type, for example {@code io.copas.http.HttpClient}
     * @param <T>    the client's type
     * @return the client
     * @throws io.copas.core.client.ClientUnavailableException when no client serves the scheme; the
     *         message names the bundle or module to add and, in OSGi, its current state
     * @throws ClassCastException when the client is not a {@code type}
     */
    default <T> T client(String scheme, Class<T> type) {
        return client(scheme, type, Duration.ZERO);
    }

    /**
     * {@link #client(String, Class)}, waiting at most {@code wait} for a provider to appear (a
     * bundle still starting, or being updated). From a task the wait pauses the task, never the
     * loop.
     *
     * @param scheme the URL scheme, case-insensitive
     * @param type   the client's API type
     * @param wait   how long to wait for a provider at most
     * @param <T>    the client's type
     * @return the client
     * @throws io.copas.core.client.ClientUnavailableException when no client serves the scheme in time
     * @throws ClassCastException when the client is not a {@code type}
     */
    <T> T client(String scheme, Class<T> type, Duration wait);

}
