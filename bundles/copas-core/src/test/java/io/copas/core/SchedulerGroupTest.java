package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SchedulerGroup: servers sharded over the members (by SO_REUSEPORT where the kernel spreads
 * connections, else by one acceptor handing them over), tasks and sockets pinned to their member,
 * members isolated from each other, status summed, and a close that leaves nothing behind.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SchedulerGroupTest {

    private static final InetSocketAddress LOOPBACK = TestSockets.LOOPBACK_ANY_PORT;
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    private static final int CONNECTIONS = 40;

    private static SchedulerGroup group(String name, boolean reusePort) {
        return SchedulerGroup.builder().name(name).size(2).reusePort(reusePort).build();
    }

    /** Connects, reads the one line the server sends first. */
    private static String firstLine(SocketAddress address) throws IOException {
        try (Socket client = new Socket()) {
            client.connect(address, 10_000);
            client.setSoTimeout(10_000);
            return reader(client).readLine();
        }
    }

    private static BufferedReader reader(Socket client) throws IOException {
        return new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Which member served each of {@link #CONNECTIONS} connections, counted by member name. */
    private static Map<String, Integer> servedBy(SocketAddress address) throws IOException {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            counts.merge(firstLine(address), 1, Integer::sum);
        }
        return counts;
    }

    /** Waits until every member ran what was queued to it before (a removal from another thread is queued). */
    private static void settle(SchedulerGroup group) throws Exception {
        for (Scheduler member : group.members()) {
            member.submit(() -> null).get(10, TimeUnit.SECONDS);
        }
    }

    private static final ConnectionHandler TELL_MEMBER = socket -> socket.send(Copas.scheduler().name() + "\n");

    @ParameterizedTest(name = "reusePort={0}")
    @ValueSource(booleans = {true, false})
    void connectionsToOnePortAreServedByEveryMember(boolean reusePort) throws Exception {
        try (SchedulerGroup group = group("shard", reusePort)) {
            assertEquals(reusePort && LINUX, group.reusePort(), "SO_REUSEPORT is used where the kernel spreads connections");
            Server server = group.addServer(LOOPBACK, 128, TELL_MEMBER, Duration.ofSeconds(10), "shard");
            assertTrue(server.isActive());
            assertEquals("shard", server.name());

            Map<String, Integer> counts = servedBy(server.localAddress());

            assertEquals(Map.of("shard-0", true, "shard-1", true), Map.of(
                    "shard-0", counts.getOrDefault("shard-0", 0) > 0, "shard-1", counts.getOrDefault("shard-1", 0) > 0),
                    "both members served some of " + CONNECTIONS + " connections: " + counts);
            assertTrue(group.removeServer(server, false));
            settle(group);
            assertFalse(server.isActive());
            // refused, or reset: the JDK closes a registered channel when its loop next selects
            assertThrows(SocketException.class, () -> firstLine(server.localAddress()), "the port is closed");
        }
    }

    @Test
    void aBoundChannelIsServedByOneAcceptorHandingConnectionsToEveryMember() throws Exception {
        try (SchedulerGroup group = group("bound", true);
                ServerSocketChannel channel = ServerSocketChannel.open().bind(LOOPBACK)) {
            Server server = group.addServer(channel, TELL_MEMBER, null, null);
            Map<String, Integer> counts = servedBy(channel.getLocalAddress());
            assertEquals(CONNECTIONS / 2, counts.get("bound-0"), "round robin: " + counts);
            assertEquals(CONNECTIONS / 2, counts.get("bound-1"), "round robin: " + counts);
            group.removeServer(server, true);
            settle(group);
            assertFalse(server.isActive());
            assertTrue(channel.isOpen(), "keepOpen leaves the channel open");
        }
    }

    /** Found by review: the second addServer could land on the other member, and both accepted on the channel. */
    @Test
    void aBoundChannelAddedAgainIsServedOnceWithTheNewHandler() throws Exception {
        try (SchedulerGroup group = group("again", true);
                ServerSocketChannel channel = ServerSocketChannel.open().bind(LOOPBACK)) {
            Server first = group.addServer(channel, socket -> socket.send("first\n"), null, null);
            Server second = group.addServer(channel, socket -> socket.send("second\n"), null, null);
            settle(group);
            assertFalse(first.isActive(), "replaced");
            for (int i = 0; i < 4; i++) {
                assertEquals("second", firstLine(channel.getLocalAddress()));
            }
            assertEquals(1, group.status().read(), "one acceptor reads");
            group.removeServer(second, true);
            settle(group);
            assertEquals(0, group.status().read(), "nothing accepts any more");
        }
    }

    @Test
    void tasksGoToTheMembersInTurnAndStayOnTheirMember() throws Exception {
        try (SchedulerGroup group = group("pin", true)) {
            List<Scheduler> members = group.members();
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                tasks.add(group.add(() -> Copas.pause(Duration.ofMillis(1))));
            }
            for (int i = 0; i < 4; i++) {
                assertSame(members.get(i % 2), tasks.get(i).scheduler(), "round robin");
            }
            // a task, the tasks it adds and the sockets it makes all belong to its member
            Scheduler member = members.get(1);
            CompletableFuture<Scheduler> child = new CompletableFuture<>();
            TcpSocket socket = member.submit(() -> {
                Copas.scheduler().add(() -> child.complete(Copas.scheduler()));
                return Copas.scheduler().tcp();
            }).get(10, TimeUnit.SECONDS);
            assertSame(member, child.get(10, TimeUnit.SECONDS));
            assertSame(member, socket.scheduler());
            // another member's task may not use it
            ExecutionException misuse = assertThrows(ExecutionException.class, () -> members.get(0)
                    .submit(() -> {
                        socket.connect(new InetSocketAddress("127.0.0.1", 9));
                        return null;
                    }).get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, misuse.getCause());
            member.submit(() -> {
                socket.close();
                return null;
            }).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailingOrBlockedMemberDoesNotHoldUpTheOthers() throws Exception {
        try (SchedulerGroup group = group("isolated", true)) {
            Scheduler first = group.members().get(0);
            Scheduler second = group.members().get(1);
            Map<Scheduler, Throwable> errors = new ConcurrentHashMap<>();
            group.setDefaultErrorHandler((error, task, socket) -> errors.put(task.scheduler(), error));

            first.add("failing", () -> {
                throw new IllegalStateException("boom");
            });
            assertEquals("second", second.submit(() -> "second").get(10, TimeUnit.SECONDS));
            assertEquals("first", first.submit(() -> "first").get(10, TimeUnit.SECONDS), "the failing member goes on");
            assertEquals("boom", errors.get(first).getMessage(), "its own error handler saw it");
            assertFalse(errors.containsKey(second));

            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            first.add("blocking", () -> {
                entered.countDown();
                release.await(); // a blocking JDK call holds this member's loop
            });
            try {
                assertTrue(entered.await(10, TimeUnit.SECONDS));
                assertEquals(42, second.submit(() -> {
                    Copas.pause(Duration.ofMillis(1));
                    return 42;
                }).get(10, TimeUnit.SECONDS), "the other member goes on meanwhile");
            } finally {
                release.countDown();
            }
            assertEquals("again", first.submit(() -> "again").get(10, TimeUnit.SECONDS));
            assertTrue(group.running());
        }
    }

    @Test
    void membersAskingEachOthersStatusFromTheirTasksAreRefusedInsteadOfDeadlocking() throws Exception {
        try (SchedulerGroup group = group("asking", true)) {
            Scheduler first = group.members().get(0);
            Scheduler second = group.members().get(1);
            CountDownLatch bothThere = new CountDownLatch(2);
            CompletableFuture<Object> firstAsks = first.submit(() -> {
                bothThere.countDown();
                bothThere.await(10, TimeUnit.SECONDS); // both loops are inside a task now
                return second.status();
            });
            CompletableFuture<Object> secondAsks = second.submit(() -> {
                bothThere.countDown();
                bothThere.await(10, TimeUnit.SECONDS);
                return first.status();
            });
            for (CompletableFuture<Object> asked : List.of(firstAsks, secondAsks)) {
                ExecutionException refused = assertThrows(ExecutionException.class, () -> asked.get(30, TimeUnit.SECONDS));
                assertInstanceOf(IllegalStateException.class, refused.getCause());
                assertTrue(refused.getCause().getMessage().contains("two loops waiting for each other"),
                        refused.getCause().getMessage());
            }
            assertEquals(2, group.memberStatus().size(), "from outside the loops it answers");
        }
    }

    @Test
    void aPortAlreadyServedIsRefusedEvenWithReusePort() throws Exception {
        try (SchedulerGroup first = group("first", true); SchedulerGroup second = group("second", true)) {
            Server served = first.addServer(LOOPBACK, TELL_MEMBER);
            // with SO_REUSEPORT on both, the kernel would let the second bind and split the connections
            assertThrows(java.net.BindException.class, () -> second.addServer(served.localAddress(), TELL_MEMBER));
            assertEquals(0, second.status().read(), "nothing of the second group listens");
            assertTrue(first.removeServer(served, false));
        }
    }

    @Test
    void closeWaitsForStuckMembersSideBySideNotOneAfterAnother() throws Exception {
        SchedulerGroup group = group("stuck", true);
        CountDownLatch stuck = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (Scheduler member : group.members()) {
                member.add(() -> {
                    stuck.countDown();
                    release.await(); // a blocking JDK call holds the member's loop past close's patience
                });
            }
            assertTrue(stuck.await(10, TimeUnit.SECONDS));
            long start = System.nanoTime();
            group.close();
            long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            // a member's patience is 12 s: one after another, two stuck members take 24
            assertTrue(took < 20, "close took " + took + " s");
        } finally {
            release.countDown();
        }
    }

    @Test
    void statusIsTheSumOfTheMembersStatus() throws Exception {
        SchedulerGroup.Builder builder = SchedulerGroup.builder().name("sum").size(2);
        builder.members().detailedStatistics(true).receiveLimit(4096);
        try (SchedulerGroup group = builder.build()) {
            List<Scheduler> members = group.members();
            sleeper(members.get(0), false);
            sleeper(members.get(1), true);
            sleeper(members.get(1), false);

            SchedulerStatus total = group.status(); // first: each call restarts the statistics windows
            List<SchedulerStatus> each = group.memberStatus();

            assertEquals(2, each.size());
            assertEquals(1, each.get(0).timer());
            assertEquals(2, each.get(1).timer());
            assertEquals(0, each.get(0).sockets());
            assertEquals(1, each.get(1).sockets());
            assertTrue(total.running());
            assertEquals(3, total.timer());
            assertEquals(1, total.sockets());
            for (ToIntFunction<SchedulerStatus> count : List.<ToIntFunction<SchedulerStatus>>of(SchedulerStatus::read,
                    SchedulerStatus::write, SchedulerStatus::active, SchedulerStatus::timer, SchedulerStatus::inactive,
                    SchedulerStatus::timeout, SchedulerStatus::sockets)) {
                assertEquals(count.applyAsInt(each.get(0)) + count.applyAsInt(each.get(1)), count.applyAsInt(total));
            }
            assertEquals(0, total.stalls());
            assertTrue(total.statistics().isPresent(), "the members' statistics are merged");
            assertTrue(total.statistics().get().steps() >= 2, "each member stepped: " + total.statistics().get());
            assertEquals(4096, members.get(0).submit(() -> {
                try (TcpSocket socket = Copas.scheduler().tcp()) {
                    return socket.receiveLimit();
                }
            }).get(10, TimeUnit.SECONDS), "members get the settings of builder.members()");
        }
    }

    /** Adds a task to {@code member} that sleeps (holding a socket if asked) and returns once it sleeps. */
    private static void sleeper(Scheduler member, boolean withSocket) throws Exception {
        CompletableFuture<Void> sleeping = new CompletableFuture<>();
        member.add(() -> {
            TcpSocket socket = withSocket ? Copas.scheduler().tcp() : null;
            sleeping.complete(null); // the status call is queued to the loop: it runs after the pause below
            try {
                Copas.pause(Duration.ofMinutes(5));
            } finally {
                if (socket != null) {
                    socket.close();
                }
            }
        });
        sleeping.get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "reusePort={0}")
    @ValueSource(booleans = {true, false})
    void closeEndsEveryMemberItsConnectionsServersAndLoopThreads(boolean reusePort) throws Exception {
        SchedulerGroup group = group("closing", reusePort);
        List<Thread> loopThreads = new ArrayList<>();
        for (Scheduler member : group.members()) {
            loopThreads.add(member.submit(SchedulerGroupTest::loopThread).get(10, TimeUnit.SECONDS));
        }
        Server server = group.addServer(LOOPBACK, 0, socket -> {
            socket.send("hi\n");
            socket.receiveLine(); // until the group closes
        }, null, "closing");
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket client = new Socket();
                clients.add(client);
                client.connect(server.localAddress(), 10_000);
                client.setSoTimeout(10_000);
                assertEquals("hi", reader(client).readLine());
            }

            group.close();

            for (Socket client : clients) {
                assertEquals(-1, client.getInputStream().read(), "each connection was closed");
            }
            assertThrows(SocketException.class, () -> firstLine(server.localAddress()), "nothing listens any more");
            for (Thread thread : loopThreads) {
                assertTrue(thread.join(Duration.ofSeconds(10)), "loop thread " + thread + " ended");
            }
            assertFalse(group.running());
            group.members().forEach(member -> assertFalse(member.running(), member.name()));
            assertThrows(IllegalStateException.class, () -> group.add(() -> { }));
            assertTrue(group.submit(() -> 1).isCompletedExceptionally());
            group.close(); // idempotent
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
    }

    /** Inside a task: the thread its loop runs on (timeout callbacks run on the loop). */
    private static Thread loopThread() {
        CompletableFuture<Thread> loop = new CompletableFuture<>();
        Copas.timeout(Duration.ofMillis(1), task -> loop.complete(Thread.currentThread()));
        TestSockets.pauseUntil(loop::isDone, Duration.ofSeconds(10), "the timeout callback");
        return loop.join();
    }

    @Test
    void closeFromATaskOfAMemberStartsTheShutdownWithoutWaitingForItself() throws Exception {
        SchedulerGroup group = group("self-closing", true);
        Scheduler member = group.members().get(0);
        List<Thread> loopThreads = new ArrayList<>();
        for (Scheduler each : group.members()) {
            loopThreads.add(each.submit(SchedulerGroupTest::loopThread).get(10, TimeUnit.SECONDS));
        }
        ExecutionException waiting = assertThrows(ExecutionException.class,
                () -> member.submit(group::status).get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, waiting.getCause(), "a call that waits for the loops is refused");

        member.submit(() -> {
            group.close();
            return null;
        }).get(10, TimeUnit.SECONDS);
        group.close(); // from outside: waits for the loops

        for (Thread thread : loopThreads) {
            assertTrue(thread.join(Duration.ofSeconds(10)), "loop thread " + thread + " ended");
        }
        assertFalse(group.running());
    }

    @Test
    void membersAreClosedByTheirGroupOnly() {
        try (SchedulerGroup group = group("members", true)) {
            Scheduler member = group.members().get(1);
            assertThrows(UnsupportedOperationException.class, member::close);
            assertThrows(IllegalStateException.class, member::start, "already running");
            assertTrue(member.running());
            assertEquals("members-1", member.name());
            assertEquals(member.engine(), group.engine());
        }
    }

    @Test
    void badSettingsAndServersOfOtherGroupsAreRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> SchedulerGroup.builder().size(0));
        assertThrows(IllegalArgumentException.class, () -> SchedulerGroup.builder().name(" "));
        assertThrows(IllegalArgumentException.class, () -> SchedulerGroup.builder().engine("no-such-engine").size(2).build());
        try (SchedulerGroup one = group("one", true); SchedulerGroup other = group("other", true)) {
            Server server = one.addServer(LOOPBACK, TELL_MEMBER);
            assertThrows(IllegalArgumentException.class, () -> other.removeServer(server, false));
            IllegalArgumentException toAMember = assertThrows(IllegalArgumentException.class,
                    () -> one.members().get(0).removeServer(server, false), "a member is told, not answered true");
            assertTrue(toAMember.getMessage().contains("remove it with the group's removeServer"), toAMember.getMessage());
            assertTrue(server.isActive());
            assertThrows(IllegalArgumentException.class, () -> one.addServer(LOOPBACK, -1, TELL_MEMBER, null, null));
            assertTrue(one.removeServer(server, false));
        }
        assertEquals(Runtime.getRuntime().availableProcessors(), defaultSize());
    }

    private static int defaultSize() {
        try (SchedulerGroup group = SchedulerGroup.create()) {
            return group.size();
        }
    }
}
