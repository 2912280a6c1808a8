package io.copas.core.internal;

import io.copas.core.ConnectionHandler;
import io.copas.core.ErrorHandler;
import io.copas.core.Scheduler;
import io.copas.core.SchedulerGroup;
import io.copas.core.SchedulerStatus;
import io.copas.core.Server;
import io.copas.core.Task;
import io.copas.core.TaskBody;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A group of service-mode schedulers. Tasks go to the members round robin: one atomic increment,
 * no look into the loops (a least-loaded choice would need each member's counts from its own
 * thread, and a task count says little about load anyway). Servers are sharded by the kernel
 * ({@code SO_REUSEPORT}, one listening socket per member) or by one acceptor whose connections go
 * to the members in turn through their thread-safe inboxes (never a lock, never a wait in a loop).
 * Not final only so that the DS component can be the group itself.
 */
public class SchedulerGroupImpl implements SchedulerGroup {

    /**
     * What a group is made of.
     *
     * @param name               the group's name, prefix of the members' names
     * @param size               the number of members, at least 1
     * @param engine             the members' engine
     * @param detailedStatistics whether members collect detailed statistics from the start
     * @param reusePort          whether servers may use {@code SO_REUSEPORT}
     */
    public record Settings(String name, int size, String engine, boolean detailedStatistics, boolean reusePort) {

        /** Checks the settings. */
        public Settings {
            SchedulerImpl.checkName(name);
            if (size < 1) {
                throw new IllegalArgumentException("size must be >= 1, was " + size);
            }
            Objects.requireNonNull(engine, "engine");
        }
    }

    private final String name;
    private final List<GroupMember> members;
    private final List<Scheduler> view;
    private final boolean reusePort;
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicLong serverIds = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();

    /**
     * Creates the members and starts their loops.
     *
     * @param settings the settings
     * @param clients  where members find protocol clients, or {@code null} for the module path's
     * @param setup    applied to each member before it starts (watchdog, receive limit), or {@code null}
     */
    public SchedulerGroupImpl(Settings settings, ClientRegistry clients, Consumer<? super SchedulerImpl> setup) {
        this.name = settings.name();
        this.reusePort = settings.reusePort() && ReusePort.SPREADS_CONNECTIONS;
        List<GroupMember> created = new ArrayList<>(settings.size());
        try {
            for (int i = 0; i < settings.size(); i++) {
                GroupMember member = new GroupMember(name + "-" + i, settings.engine(), settings.detailedStatistics());
                created.add(member);
                if (clients != null) {
                    member.useClients(clients);
                }
                if (setup != null) {
                    setup.accept(member);
                }
            }
            created.forEach(SchedulerImpl::start);
        } catch (RuntimeException | Error e) {
            created.forEach(GroupMember::shutdown);
            throw e;
        }
        this.members = List.copyOf(created);
        this.view = List.copyOf(created);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return members.size();
    }

    @Override
    public List<Scheduler> members() {
        return view;
    }

    @Override
    public Scheduler next() {
        return nextMember();
    }

    private GroupMember nextMember() {
        return members.get(Math.floorMod(turn.getAndIncrement(), members.size()));
    }

    @Override
    public boolean reusePort() {
        return reusePort;
    }

    @Override
    public String engine() {
        return members.get(0).engine();
    }

    private void checkOpen() {
        if (closing.get()) {
            throw new IllegalStateException("scheduler group '" + name + "' is closed");
        }
    }

    /** Calls that wait for the members' loops would deadlock two members waiting for each other. */
    private void requireOutsideLoops(String operation) {
        for (GroupMember member : members) {
            if (member.inLoop()) {
                throw new IllegalStateException(operation + " waits for the loops of scheduler group '" + name
                        + "': call it from outside them, not from a task of '" + member.name() + "'");
            }
        }
    }

    // ---------------------------------------------------------------- tasks

    @Override
    public Task add(TaskBody body) {
        return add(null, body);
    }

    @Override
    public Task add(String name, TaskBody body) {
        Objects.requireNonNull(body, "body");
        checkOpen();
        return nextMember().add(name, body);
    }

    @Override
    public <T> CompletableFuture<T> submit(Callable<T> callable) {
        Objects.requireNonNull(callable, "callable");
        if (closing.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("scheduler group '" + name + "' is closed"));
        }
        return nextMember().submit(callable);
    }

    // ---------------------------------------------------------------- servers

    @Override
    public Server addServer(SocketAddress address, ConnectionHandler handler) throws IOException {
        return addServer(address, 0, handler, null, null);
    }

    @Override
    public Server addServer(SocketAddress address, int backlog, ConnectionHandler handler, Duration timeout,
            String name) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handler, "handler");
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be >= 0, was " + backlog);
        }
        requireOutsideLoops("addServer()");
        checkOpen();
        String serverName = serverName(name);
        if (!reusePort) {
            ServerSocketChannel channel = ServerSocketChannel.open();
            try {
                channel.bind(address, backlog);
                return addAcceptor(channel, handler, timeout, serverName);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        requirePortFree(address);
        List<GroupServer.Part> parts = new ArrayList<>(members.size());
        SocketAddress bound = address;
        try {
            for (GroupMember member : members) {
                ServerSocketChannel channel = ServerSocketChannel.open();
                try {
                    channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    channel.bind(bound, backlog);
                    bound = channel.getLocalAddress(); // port 0: every member takes the port the first one got
                    parts.add(new GroupServer.Part(member, member.addServer(channel, handler, timeout, serverName)));
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            new GroupServer(serverName, bound, timeout, parts).remove(false);
            throw e;
        }
        return new GroupServer(serverName, bound, parts.get(0).server().timeout(), List.copyOf(parts));
    }

    /**
     * Fails if something listens on {@code address} already. With {@code SO_REUSEPORT} the kernel
     * lets a second listener (another group, or another process of the same user) share the port
     * and splits the connections between them; a plain bind is refused, as it would be without
     * the option.
     */
    private static void requirePortFree(SocketAddress address) throws IOException {
        if (address instanceof InetSocketAddress inet && inet.getPort() != 0) {
            try (ServerSocketChannel probe = ServerSocketChannel.open()) {
                probe.bind(address);
            }
        }
    }

    @Override
    public Server addServer(ServerSocketChannel channel, ConnectionHandler handler, Duration timeout, String name)
            throws IOException {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(handler, "handler");
        requireOutsideLoops("addServer()");
        checkOpen();
        return addAcceptor(channel, handler, timeout, serverName(name));
    }

    private String serverName(String name) {
        return name == null ? "tcp_server_" + serverIds.incrementAndGet() : SchedulerImpl.checkName(name);
    }

    /** One member (in turn) accepts on {@code channel}; each connection goes to the next member. */
    private Server addAcceptor(ServerSocketChannel channel, ConnectionHandler handler, Duration timeout, String name)
            throws IOException {
        AtomicInteger handOvers = new AtomicInteger();
        Supplier<SchedulerImpl> targets = () -> members.get(Math.floorMod(handOvers.getAndIncrement(), members.size()));
        for (GroupMember member : members) { // a channel added again gets the new handler, as on one scheduler
            member.callInLoop(() -> {
                member.sockets().replaceServerOf(channel);
                return null;
            });
        }
        GroupMember acceptor = nextMember();
        Server server = acceptor.sockets().addServer(channel, handler, timeout, name, targets);
        return new GroupServer(name, server.localAddress(), server.timeout(), List.of(new GroupServer.Part(acceptor, server)));
    }

    @Override
    public boolean removeServer(Server server, boolean keepOpen) {
        Objects.requireNonNull(server, "server");
        if (!(server instanceof GroupServer own) || own.parts().stream().noneMatch(p -> members.contains(p.owner()))) {
            throw new IllegalArgumentException("server '" + server.name() + "' does not belong to scheduler group '"
                    + name + "'");
        }
        return own.remove(keepOpen);
    }

    // ---------------------------------------------------------------- status and errors

    @Override
    public SchedulerStatus status() {
        return StatusSum.of(memberStatus());
    }

    @Override
    public List<SchedulerStatus> memberStatus() {
        requireOutsideLoops("status()");
        return members.stream().map(Scheduler::status).toList();
    }

    @Override
    public void setDefaultErrorHandler(ErrorHandler handler) {
        members.forEach(member -> member.setDefaultErrorHandler(handler));
    }

    @Override
    public boolean running() {
        return !closing.get() && members.stream().anyMatch(Scheduler::running);
    }

    // ---------------------------------------------------------------- shutdown

    @Override
    public void close() {
        closing.set(true);
        // all at once, so that the members' shutdown grace periods overlap
        members.forEach(GroupMember::requestShutdown);
        if (members.stream().anyMatch(Scheduler::inLoop)) {
            return; // a member's task: its own loop shuts down after this step; nobody may wait here
        }
        // wait for them side by side: one after another, members stuck in blocking calls would
        // each take their whole patience in turn
        List<Thread> waiters = members.stream()
                .map(member -> Thread.ofPlatform().name(member.name() + "-close").start(member::shutdown))
                .toList();
        boolean interrupted = false;
        for (Thread waiter : waiters) {
            while (true) {
                try {
                    waiter.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SchedulerGroup[" + name + ", " + members.size() + " members, engine " + engine()
                + (reusePort ? ", SO_REUSEPORT" : ", one acceptor") + (running() ? ", running" : "") + "]";
    }
}
