package io.copas.core;

import io.copas.core.internal.SchedulerGroupImpl;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A group of {@link Scheduler}s, each a Copas loop on its own thread, so that one server uses
 * more than one core (beyond Copas, which is one loop on one core). Each member is an ordinary
 * scheduler with Copas' guarantees: its tasks run one at a time and share state without locks.
 * Members share nothing: a task and the sockets it makes stay on the member that runs it, and
 * tasks of different members run in parallel, so state shared between members needs the JDK's
 * thread-safe tools.
 *
 * <p>Tasks given to the group ({@link #add}, {@link #submit}) go to the members in turn (round
 * robin) and stay there. Servers ({@link #addServer(SocketAddress, ConnectionHandler)}) are
 * sharded: where the kernel spreads connections over listening sockets that share a port
 * (Linux' {@code SO_REUSEPORT}), every member listens on the port itself; otherwise one member
 * accepts and hands each connection to the members in turn. Either way a connection's handler
 * runs on one member for its whole life.
 *
 * <p>A group runs from {@link Builder#build()} until {@link #close()}; it has no embedded mode.
 * Thread safety: every method may be called from any thread. {@link #addServer},
 * {@link #status()} and {@link #memberStatus()} wait for the members' loops: call them from
 * outside the group's loops (a task of a member gets an {@link IllegalStateException}; it uses
 * its own {@link Copas#scheduler()} instead). {@link #close()} from a task of a member only
 * starts the shutdown.
 */
@ProviderType
public interface SchedulerGroup extends AutoCloseable {

    /**
     * Creates and starts a group with one member per available processor and default settings.
     *
     * @return the running group
     */
    static SchedulerGroup create() {
        return builder().build();
    }

    /**
     * Starts building a group.
     *
     * @return a builder
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * The group's name; member {@code i} is named {@code "<name>-<i>"}.
     *
     * @return the name
     */
    String name();

    /**
     * The number of members.
     *
     * @return at least 1
     */
    int size();

    /**
     * The members, in index order.
     *
     * @return an unmodifiable list of {@link #size()} schedulers
     */
    List<Scheduler> members();

    /**
     * The member the next task given to the group goes to; each call moves the turn on (round
     * robin).
     *
     * @return a member
     */
    Scheduler next();

    /**
     * Whether servers are sharded by the kernel ({@code SO_REUSEPORT}: one listening socket per
     * member on the same port) rather than by one acceptor handing connections over.
     *
     * @return {@code true} for one listening socket per member
     */
    boolean reusePort();

    /**
     * The engine of the members.
     *
     * @return the engine's name
     */
    String engine();

    /**
     * Adds a task to the {@link #next()} member ({@link Scheduler#add(TaskBody)}).
     *
     * @param body the task's code
     * @return the task; {@link Task#scheduler()} is its member
     * @throws IllegalStateException if the group is closed
     */
    Task add(TaskBody body);

    /**
     * Adds a named task to the {@link #next()} member ({@link Scheduler#add(String, TaskBody)}).
     *
     * @param name the task's name, not blank
     * @param body the task's code
     * @return the task
     * @throws IllegalStateException if the group is closed
     */
    Task add(String name, TaskBody body);

    /**
     * Runs {@code callable} as a task of the {@link #next()} member ({@link Scheduler#submit}); on
     * a closed group the future is returned already failed.
     *
     * @param callable the work
     * @param <T>      the result type
     * @return the future result
     */
    <T> CompletableFuture<T> submit(Callable<T> callable);

    /**
     * Listens on {@code address} for every member with the system's default backlog, no timeout
     * and a generated name; see {@link #addServer(SocketAddress, int, ConnectionHandler, Duration, String)}.
     *
     * @param address where to listen (port 0: an ephemeral port, the same for every member)
     * @param handler the connection handler
     * @return the server
     * @throws IOException if binding fails
     */
    Server addServer(SocketAddress address, ConnectionHandler handler) throws IOException;

    /**
     * Listens on {@code address} and serves each connection in a task of one member, as
     * {@link Scheduler#addServer(ServerSocketChannel, ConnectionHandler, Duration, String)} does
     * on one scheduler. With {@link #reusePort()} every member binds its own socket with
     * {@code SO_REUSEPORT} and the kernel spreads connections; otherwise one member accepts and
     * hands connections to the members in turn. The members' servers are named {@code name}, so
     * handler tasks are named {@code "<name>:handler_N"} with a counter per listening socket.
     *
     * @param address where to listen (port 0: an ephemeral port, the same for every member)
     * @param backlog the listen backlog, or 0 for the system's default
     * @param handler the connection handler
     * @param timeout timeout for accepted sockets, or {@code null} for none
     * @param name    the server's name, or {@code null} for a generated one
     * @return the server; its {@link Server#localAddress()} is the bound address
     * @throws IOException if binding fails (nothing stays bound then), also when something
     *                     listens on the port already: with {@code SO_REUSEPORT} the kernel would
     *                     let a second listener of the same user share it, so the group checks
     * @throws IllegalStateException if the group is closed, or when called from a task of a member
     */
    Server addServer(SocketAddress address, int backlog, ConnectionHandler handler, Duration timeout, String name)
            throws IOException;

    /**
     * Serves an already bound server channel: a channel cannot be bound again, so one member
     * accepts on it and hands connections to the members in turn, whatever {@link #reusePort()} says.
     * A channel the group already serves gets the new handler, as on one scheduler: the earlier
     * server is removed (its channel kept open).
     *
     * @param channel a bound server channel
     * @param handler the connection handler
     * @param timeout timeout for accepted sockets, or {@code null} for none
     * @param name    the server's name, or {@code null} for a generated one
     * @return the server
     * @throws IOException if the channel cannot be registered
     * @throws IllegalStateException if the group is closed, or when called from a task of a member
     */
    Server addServer(ServerSocketChannel channel, ConnectionHandler handler, Duration timeout, String name)
            throws IOException;

    /**
     * Removes a server of this group from every member; its channels are closed unless
     * {@code keepOpen}. Connections already accepted go on.
     *
     * @param server   a server returned by this group
     * @param keepOpen whether to leave the channels open
     * @return {@code true} if it was active
     * @throws IllegalArgumentException if {@code server} is not one of this group's
     */
    boolean removeServer(Server server, boolean keepOpen);

    /**
     * The members' status summed: task and socket counts and stalls are added up, {@code running}
     * is whether any member runs, and the detailed statistics (where members collect them) are
     * merged over the members (steps and execution time added, minimum and maximum over all, the
     * window from the earliest start to the latest end). Each member's window restarts, as with
     * {@link Scheduler#status()}.
     *
     * @return the summed status
     * @throws IllegalStateException when called from a task of a member
     */
    SchedulerStatus status();

    /**
     * Each member's status, in index order (each member's statistics window restarts).
     *
     * @return one status per member
     * @throws IllegalStateException when called from a task of a member
     */
    List<SchedulerStatus> memberStatus();

    /**
     * Sets the default error handler of every member ({@link Scheduler#setDefaultErrorHandler}).
     *
     * @param handler the handler, or {@code null} for the built-in one; called on the member's loop
     */
    void setDefaultErrorHandler(ErrorHandler handler);

    /**
     * Whether the group is running: from {@link Builder#build()} until {@link #close()} starts.
     *
     * @return {@code true} while running
     */
    boolean running();

    /**
     * Shuts every member down (as {@link Scheduler#close()}: tasks end, sockets and servers close)
     * in parallel, and waits for their loop threads to end. From a task of a member it only starts
     * the shutdown and returns. Idempotent.
     */
    @Override
    void close();

    /**
     * Builds a {@link SchedulerGroup}. Every member gets the settings of a {@link Scheduler.Builder}
     * (engine, statistics, watchdog, receive limit), given here or through {@link #members()}.
     */
    final class Builder {

        private final Scheduler.Builder members = Scheduler.builder();
        private int size = Runtime.getRuntime().availableProcessors();
        private String name = "copas";
        private boolean reusePort = true;

        Builder() {
        }

        /**
         * Sets the number of members.
         *
         * @param size at least 1; one per available processor by default
         * @return this builder
         * @throws IllegalArgumentException if {@code size} is less than 1
         */
        public Builder size(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("size must be >= 1, was " + size);
            }
            this.size = size;
            return this;
        }

        /**
         * Sets the group's name, the prefix of the members' names ({@code "<name>-<i>"}).
         *
         * @param name not blank; {@code "copas"} by default
         * @return this builder
         */
        public Builder name(String name) {
            members.name(name); // checks it
            this.name = name;
            return this;
        }

        /**
         * Chooses the members' engine: {@link Scheduler.Builder#engine(String)}.
         *
         * @param engine the engine's name
         * @return this builder
         */
        public Builder engine(String engine) {
            members.engine(engine);
            return this;
        }

        /**
         * Whether servers may use {@code SO_REUSEPORT} (one listening socket per member) where the
         * kernel spreads connections over such sockets (Linux); {@code false} forces one acceptor
         * that hands connections to the members in turn, on every system.
         *
         * @param enabled {@code true} by default
         * @return this builder
         */
        public Builder reusePort(boolean enabled) {
            this.reusePort = enabled;
            return this;
        }

        /**
         * The settings every member is built with, to change them in place, for example
         * {@code builder.members().watchdog(Duration.ofSeconds(2)).detailedStatistics(true)}; the
         * name set there is not used (members are named after the group).
         *
         * @return the members' scheduler builder
         */
        public Scheduler.Builder members() {
            return members;
        }

        /**
         * Builds the group and starts every member's loop.
         *
         * @return the running group
         * @throws IllegalArgumentException if the engine is unknown
         */
        public SchedulerGroup build() {
            return new SchedulerGroupImpl(new SchedulerGroupImpl.Settings(name, size, members.engineName(),
                    members.detailedStatistics(), reusePort), null, members::configure);
        }
    }
}
