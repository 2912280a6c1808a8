package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many tasks share a few UDP sockets and the two ends of a TCP connection, each receiving and
 * sending with short timeouts, while others are removed and sockets are closed under them. Every
 * way out of a line (served, timed out, closed, removed) must undo its wait: the loop ends, the
 * status counts no reader or writer, nothing is left. A wait whose count leaked would keep the
 * loop from ever finishing. Seeded, so that a failure can be replayed.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketTurnsChurnTest {

    private static final int TASKS = 40;
    private static final int ROUNDS = 25;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void everyWayOutOfALineUndoesItsWait(long seed) throws Exception {
        AtomicInteger served = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        AtomicReference<Throwable> firstUnexpected = new AtomicReference<>();
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel listener = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<TcpSocket> serverEnd = new AtomicReference<>();
            Server server = scheduler.addServer(listener, socket -> {
                serverEnd.set(socket);
                Copas.waitForExit(); // the churn uses the socket; the main task closes it
            });
            scheduler.add("main", () -> {
                Random random = new Random(seed);
                List<UdpSocket> udp = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    UdpSocket socket = Copas.scheduler().udp();
                    socket.setTimeout(Duration.ofMillis(1 + random.nextInt(10)));
                    udp.add(socket);
                }
                TcpSocket clientEnd = Copas.scheduler().tcp();
                clientEnd.connect(listener.getLocalAddress());
                TestSockets.pauseUntil(() -> serverEnd.get() != null, Duration.ofSeconds(10), "the server end");
                Copas.scheduler().removeServer(server, true);
                List<TcpSocket> tcp = List.of(clientEnd, serverEnd.get());
                tcp.forEach(s -> s.setTimeout(Duration.ofMillis(1 + random.nextInt(10))));
                List<Task> tasks = new ArrayList<>();
                for (int t = 0; t < TASKS; t++) {
                    long taskSeed = random.nextLong();
                    tasks.add(Copas.scheduler().add("churn-" + t, () -> churn(new Random(taskSeed), udp, tcp, served,
                            unexpected, firstUnexpected)));
                }
                // meanwhile: remove some tasks, close one UDP socket and, later, the TCP connection
                for (int i = 0; i < 8; i++) {
                    Copas.pause(Duration.ofMillis(random.nextInt(15)));
                    Copas.scheduler().remove(tasks.get(random.nextInt(TASKS)));
                }
                udp.get(0).close();
                Copas.pause(Duration.ofMillis(random.nextInt(30)));
                clientEnd.close();
                TestSockets.pauseUntil(() -> tasks.stream().allMatch(Task::isDone), Duration.ofSeconds(30), "the churn");
                SchedulerStatus status = Copas.scheduler().status();
                assertEquals(0, status.read(), "no task waits to read");
                assertEquals(0, status.write(), "no task waits to write");
                udp.forEach(UdpSocket::close);
                tcp.forEach(TcpSocket::close);
                Copas.scheduler().exit();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertClean(scheduler);
            assertEquals(0, scheduler.status().sockets(), "every socket is closed");
        }
        assertEquals(0, unexpected.get(), () -> "unexpected failure: " + firstUnexpected.get());
        assertTrue(served.get() > 0, "some operations were served");
    }

    /** One task's rounds: random receives and sends on the shared sockets; only transfer failures and removal are expected. */
    private static void churn(Random random, List<UdpSocket> udp, List<TcpSocket> tcp, AtomicInteger served,
            AtomicInteger unexpected, AtomicReference<Throwable> firstUnexpected) {
        for (int round = 0; round < ROUNDS; round++) {
            try {
                switch (random.nextInt(4)) {
                    case 0 -> udp.get(random.nextInt(udp.size())).receive(64);
                    case 1 -> {
                        UdpSocket to = udp.get(random.nextInt(udp.size()));
                        udp.get(random.nextInt(udp.size())).sendTo("d".getBytes(StandardCharsets.US_ASCII),
                                new InetSocketAddress("127.0.0.1", ((InetSocketAddress) to.localAddress()).getPort()));
                    }
                    case 2 -> tcp.get(random.nextInt(2)).receive(ReceivePattern.LINE);
                    default -> tcp.get(random.nextInt(2)).send("line\n".getBytes(StandardCharsets.US_ASCII));
                }
                served.incrementAndGet();
            } catch (TransferTimeoutException | TransferClosedException | ClosedChannelException expected) {
                // a short timeout, a socket closed under the task or before (its local address)
            } catch (TaskRemovedError removed) {
                throw removed;
            } catch (Throwable e) {
                unexpected.incrementAndGet();
                firstUnexpected.compareAndSet(null, e);
            }
        }
    }
}
