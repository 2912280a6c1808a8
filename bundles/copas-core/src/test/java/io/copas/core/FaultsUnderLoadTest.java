package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * 1,000 echo connections on one scheduler (fewer if {@code ulimit -n} is too low, said so in the
 * output), of which 40 % misbehave: resets (SO_LINGER 0) from the client and from the server,
 * abrupt closes in the middle of a line, and stalls that the server's receive timeout ends. The
 * healthy 60 % complete every round trip with the right echo; every failed connection's tasks
 * end with a typed transfer failure and its sockets are closed (status() shows none left). The
 * healthy connections' throughput, over the wall time, is printed next to that of the same load
 * without faults, not asserted (see docs/robustness.md).
 */
class FaultsUnderLoadTest {

    private static final int ROUND_TRIPS = 20;
    private static final Duration SERVER_RECEIVE_TIMEOUT = Duration.ofSeconds(1);

    /** What a connection does; the index modulo 10 picks it. */
    enum Behaviour {
        HEALTHY, CLIENT_RESET, ABRUPT_CLOSE, STALL, SERVER_RESET;

        static Behaviour of(int i, boolean faults) {
            return !faults ? HEALTHY : switch (i % 10) {
                case 1 -> CLIENT_RESET;
                case 2 -> ABRUPT_CLOSE;
                case 3 -> STALL;
                case 4 -> SERVER_RESET;
                default -> HEALTHY;
            };
        }
    }

    @Test
    void faultyConnectionsFailAloneAndLeaveNothingBehind() throws Exception {
        int connections = scaledToTheFileLimit(1_000);
        double baseline = run(connections, false);
        double withFaults = run(connections, true);
        System.out.printf("faultsUnderLoad: healthy round trips/s over the wall time: %.0f without faults, %.0f with 40%%"
                + " of the connections faulty (%.0f%%)%n", baseline, withFaults, 100 * withFaults / baseline);
    }

    /** Runs one load; returns the healthy connections' round trips per second of wall time. */
    private static double run(int connections, boolean faults) throws Exception {
        Map<Behaviour, AtomicInteger> ended = new ConcurrentHashMap<>();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        AtomicInteger serverEnded = new AtomicInteger();
        AtomicInteger healthyRoundTrips = new AtomicInteger();
        AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen(connections)) {
            scheduler.setDefaultErrorHandler((error, task, socket) -> {
                if (!(error instanceof TransferFailure)) {
                    unexpected.add(error); // a fault must surface as a transfer failure, nothing else
                }
            });
            Server server = scheduler.addServer(channel, socket -> {
                try {
                    while (true) {
                        String line = socket.receiveLine();
                        if (line.equals("reset me")) {
                            socket.channel().setOption(StandardSocketOptions.SO_LINGER, 0);
                            socket.close();
                            return;
                        }
                        socket.send(line + "\n");
                    }
                } catch (TransferClosedException end) {
                    // the client closed or reset: this connection is over
                } finally {
                    serverEnded.incrementAndGet();
                }
            }, SERVER_RECEIVE_TIMEOUT, "echo");
            AtomicInteger clientsLeft = new AtomicInteger(connections);
            for (int i = 0; i < connections; i++) {
                Behaviour behaviour = Behaviour.of(i, faults);
                int id = i;
                scheduler.add(behaviour + "-" + i, () -> {
                    try {
                        client(channel, behaviour, id, healthyRoundTrips, firstStart, lastEnd);
                        ended.computeIfAbsent(behaviour, b -> new AtomicInteger()).incrementAndGet();
                    } finally {
                        if (clientsLeft.decrementAndGet() == 0) {
                            Copas.scheduler().removeServer(server, false);
                        }
                    }
                });
            }
            scheduler.loop();
            assertTrue(unexpected.isEmpty(), () -> "failures other than transfer failures: " + unexpected);
            for (Behaviour b : Behaviour.values()) {
                long expected = java.util.stream.IntStream.range(0, connections).filter(i -> Behaviour.of(i, faults) == b).count();
                assertEquals(expected, ended.getOrDefault(b, new AtomicInteger()).get(), b + " clients that ended as planned");
            }
            long healthy = java.util.stream.IntStream.range(0, connections).filter(i -> Behaviour.of(i, faults) == Behaviour.HEALTHY).count();
            assertEquals(healthy * ROUND_TRIPS, healthyRoundTrips.get(), "every healthy round trip completed");
            assertEquals(connections, serverEnded.get(), "every server task ended");
            assertEquals(0, scheduler.status().sockets(), "no socket left open");
            assertClean(scheduler);
            double seconds = (lastEnd.get() - firstStart.get()) / 1e9;
            System.out.printf("faultsUnderLoad: %d connections (%d healthy), %d healthy round trips in %.2f s%n",
                    connections, healthy, healthyRoundTrips.get(), seconds);
            return healthyRoundTrips.get() / seconds;
        }
    }

    /** One client; returns normally when it behaved as planned (a faulty one saw its failure). */
    private static void client(ServerSocketChannel channel, Behaviour behaviour, int id, AtomicInteger healthyRoundTrips,
            AtomicLong firstStart, AtomicLong lastEnd) throws IOException {
        TcpSocket socket = Copas.scheduler().tcp();
        socket.setTimeout(Duration.ofSeconds(30));
        try {
            socket.connect(channel.getLocalAddress());
            if (behaviour == Behaviour.HEALTHY) {
                firstStart.accumulateAndGet(System.nanoTime(), Math::min);
            }
            for (int r = 0; r < ROUND_TRIPS; r++) {
                if (r == ROUND_TRIPS / 2 && behaviour != Behaviour.HEALTHY) {
                    misbehave(socket, behaviour);
                    return;
                }
                String line = "conn " + id + " trip " + r;
                socket.send(line + "\n");
                assertEquals(line, socket.receiveLine());
                if (behaviour == Behaviour.HEALTHY) {
                    healthyRoundTrips.incrementAndGet();
                }
            }
            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
        } finally {
            socket.close();
        }
    }

    private static void misbehave(TcpSocket socket, Behaviour behaviour) throws IOException {
        switch (behaviour) {
            case CLIENT_RESET -> socket.channel().setOption(StandardSocketOptions.SO_LINGER, 0); // close() resets
            case ABRUPT_CLOSE -> socket.send("half a li"); // and close() in the middle of the line
            case STALL -> {
                socket.send("half a line, then silence");
                // the server's receive timeout ends its side, which closes ours
                try {
                    socket.receiveLine();
                    throw new AssertionError("a stalled connection got a line");
                } catch (TransferClosedException expected) {
                    // closed by the server
                }
            }
            case SERVER_RESET -> {
                socket.send("reset me\n");
                try {
                    socket.receiveLine();
                    throw new AssertionError("a reset connection got a line");
                } catch (TransferClosedException expected) {
                    // reset (or closed) by the server
                }
            }
            default -> throw new IllegalStateException(behaviour.name());
        }
    }

    /** {@code wanted}, or fewer so that two descriptors per connection fit under {@code ulimit -n}. */
    static int scaledToTheFileLimit(int wanted) throws IOException {
        Path limits = Path.of("/proc/self/limits");
        if (!Files.isReadable(limits)) {
            return wanted;
        }
        long max;
        try (Stream<String> lines = Files.lines(limits)) {
            max = lines.filter(l -> l.startsWith("Max open files")).map(l -> l.split("\\s+")[3])
                    .mapToLong(v -> v.equals("unlimited") ? Long.MAX_VALUE / 4 : Long.parseLong(v)).findFirst().orElse(wanted * 4L);
        }
        int fit = (int) Math.min(wanted, (max - 500) / 2);
        assumeTrue(fit >= 100, "ulimit -n " + max + " leaves room for fewer than 100 connections");
        if (fit < wanted) {
            System.out.println("faultsUnderLoad: ulimit -n is " + max + ", scaled to " + fit + " connections");
        }
        return fit;
    }
}
