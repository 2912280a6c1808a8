package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The scheduler under abuse by its own tasks and its owner: a task that never yields for five
 * seconds, 100,000 tasks removed at once, a close while 10,000 sockets are open. Nothing hangs,
 * nothing leaks, and the tasks that behave are served.
 */
class SchedulerAbuseTest {

    @Test
    void aTaskHandedOutCannotBeRunByWhoeverHoldsIt() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicInteger runs = new AtomicInteger();
            Task task = scheduler.add("held", runs::incrementAndGet);
            assertFalse(task instanceof Runnable, "the body would run again, on the caller's thread");
            scheduler.loop();
            assertEquals(1, runs.get());
        }
    }

    @Test
    void taskThatNeverYieldsForFiveSecondsDelaysTheOthersButLosesNothing() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> echoed = new ArrayList<>();
            AtomicInteger busyEnded = new AtomicInteger();
            Server server = scheduler.addServer(channel, socket -> {
                for (int i = 0; i < 3; i++) {
                    socket.send(socket.receiveLine() + "\n");
                }
            });
            scheduler.add("client", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.setTimeout(Duration.ofSeconds(60));
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                for (int i = 0; i < 3; i++) {
                    client.send("line " + i + "\n");
                    echoed.add(client.receiveLine());
                    if (i == 0) {
                        Copas.scheduler().add("busy", () -> {
                            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                            while (System.nanoTime() - until < 0) {
                                Thread.onSpinWait(); // holds the loop: no yield for 5 s
                            }
                            busyEnded.incrementAndGet();
                        });
                    }
                }
                client.close();
            });
            scheduler.loop();
            TestSockets.assertNoTaskErrors(errors);
            assertEquals(List.of("line 0", "line 1", "line 2"), echoed, "every round trip completed, in order");
            assertEquals(1, busyEnded.get());
            assertClean(scheduler);
        }
    }

    @Test
    void hundredThousandTasksRemovedAtOnceAllEndAndTheLoopGoesOn() throws Exception {
        int count = 100_000;
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<Task> sleepers = new ArrayList<>(count);
            AtomicInteger unwound = new AtomicInteger();
            AtomicInteger echoes = new AtomicInteger();
            for (int i = 0; i < count; i++) {
                Task t = scheduler.add(i % 2 == 0 ? () -> Copas.pauseForever() : () -> Copas.pause(Duration.ofHours(1)));
                t.whenDone(unwound::incrementAndGet);
                sleepers.add(t);
            }
            Server server = scheduler.addServer(channel, socket -> socket.send(socket.receiveLine() + "\n"));
            scheduler.add("remover", () -> {
                Copas.pause(); // every sleeper has started and waits
                int removed = 0;
                for (Task t : sleepers) {
                    removed += Copas.scheduler().remove(t) ? 1 : 0;
                }
                assertEquals(count, removed);
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                client.send("after\n");
                if ("after".equals(client.receiveLine())) {
                    echoes.incrementAndGet();
                }
                client.close();
            });
            scheduler.loop();
            TestSockets.assertNoTaskErrors(errors);
            assertEquals(count, unwound.get(), "every removed task ended");
            assertEquals(1, echoes.get(), "the loop served a connection right after the mass removal");
            assertTrue(sleepers.stream().allMatch(Task::isDone));
            assertClean(scheduler);
        }
    }

    @Test
    void closeWhileTenThousandSocketsAreOpenEndsEveryTaskAndClosesEverySocket() throws Exception {
        long maxFds = maxOpenFiles();
        assumeTrue(maxFds > 0, "no /proc/self/limits: the open file limit cannot be checked on this system");
        // both ends of each connection are Copas sockets of this JVM: one descriptor per socket
        int sockets = (int) Math.min(10_000, (maxFds - openFds() - 1_000) / 2 * 2);
        assumeTrue(sockets >= 1_000, "the open file limit (ulimit -n " + maxFds + ") leaves room for only " + sockets
                + " sockets; raise it to at least 12000 to run this test with 10,000");
        if (sockets < 10_000) {
            System.out.println("closeWhileTenThousandSocketsAreOpen: ulimit -n is " + maxFds + ", scaled to " + sockets + " sockets");
        }
        long fdsBefore = openFds();
        Set<Thread> threadsBefore = liveThreads();
        Scheduler scheduler = Scheduler.create();
        ServerSocketChannel channel = TestSockets.listen(sockets);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger connected = new AtomicInteger();
        scheduler.addServer(channel, socket -> {
            accepted.incrementAndGet();
            socket.receiveLine(); // waits until the scheduler closes
        }, null, "srv");
        scheduler.start();
        for (int i = 0; i < sockets / 2; i++) {
            scheduler.add("client-" + i, () -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                connected.incrementAndGet();
                client.receiveLine();
            });
        }
        // the loop thread reports when every connection is up (a submit runs on the loop)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((accepted.get() < sockets / 2 || connected.get() < sockets / 2) && System.nanoTime() - deadline < 0) {
            scheduler.submit(() -> Copas.pause(Duration.ofMillis(20))).get(); // waits on the scheduler, not a sleep
        }
        assertEquals(sockets / 2, accepted.get());
        assertEquals(sockets / 2, connected.get());
        assertTrue(scheduler.status().sockets() >= sockets, "every socket is open: " + scheduler.status().sockets());

        long start = System.nanoTime();
        scheduler.close();
        long closeMillis = TestSockets.millisSince(start);
        System.out.println("closeWhileTenThousandSocketsAreOpen: close with " + sockets + " open sockets took " + closeMillis + " ms");
        channel.close();

        assertFalse(scheduler.running(), "the loop ended");
        assertTrue(scheduler.tasks().isEmpty(), "every task ended");
        assertEquals(0, scheduler.status().sockets(), "every socket is closed");
        assertTrue(openFds() <= fdsBefore + 10, "descriptors back to where they were: " + fdsBefore + " -> " + openFds());
        Set<Thread> leftover = liveThreads();
        leftover.removeAll(threadsBefore);
        leftover.removeIf(t -> t.getName().startsWith("Common-Cleaner") || t.isDaemon() && !t.getName().contains("copas"));
        for (Thread t : leftover) {
            t.join(10_000); // the carrier engine's idle carrier ends 5 s after its last task, by design
        }
        leftover.removeIf(t -> !t.isAlive());
        assertTrue(leftover.isEmpty(), "no thread left behind: " + leftover);
    }

    @Test
    void aClosedSchedulerRefusingTcpAndUdpLeavesNoChannelOpen() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "open descriptors cannot be counted on this system");
        Scheduler scheduler = Scheduler.create();
        scheduler.close();
        long fdsBefore = openFds();
        int calls = 200;
        for (int i = 0; i < calls; i++) {
            assertThrows(IllegalStateException.class, scheduler::tcp);
            assertThrows(IllegalStateException.class, scheduler::udp);
        }
        // each refused call used to leave its freshly opened channel behind: 400 descriptors
        assertTrue(openFds() < fdsBefore + calls, "descriptors kept: " + fdsBefore + " -> " + openFds());
    }

    private static long maxOpenFiles() throws IOException {
        Path limits = Path.of("/proc/self/limits");
        if (!Files.isReadable(limits)) {
            return -1;
        }
        try (Stream<String> lines = Files.lines(limits)) {
            return lines.filter(l -> l.startsWith("Max open files"))
                    .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                    .map(v -> v.equals("unlimited") ? Long.MAX_VALUE / 4 : Long.parseLong(v)).findFirst().orElse(-1L);
        }
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static Set<Thread> liveThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }
}
