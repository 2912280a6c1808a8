package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Accepted sockets and handler tasks are named "<server>:client_N" / "<server>:handler_N" with a per-server N from 1; tasks and sockets can be renamed. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NamesTest {

    @Test
    void acceptedSocketsAndHandlersShareAPerServerCounter() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                ServerSocketChannel first = TestSockets.listen();
                ServerSocketChannel second = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Set<String> pairs = ConcurrentHashMap.newKeySet();
            ConnectionHandler record = socket -> {
                pairs.add(Copas.current().name() + "|" + socket.name());
                socket.send("\n");
            };
            Server alpha = scheduler.addServer(first, record, null, "alpha");
            Server beta = scheduler.addServer(second, record, null, "beta");
            scheduler.add(() -> {
                for (int i = 0; i < 3; i++) {
                    connectAndWait(first);
                }
                for (int i = 0; i < 2; i++) {
                    connectAndWait(second);
                }
                Copas.scheduler().removeServer(alpha, false);
                Copas.scheduler().removeServer(beta, false);
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(Set.of(
                    "alpha:handler_1|alpha:client_1", "alpha:handler_2|alpha:client_2", "alpha:handler_3|alpha:client_3",
                    "beta:handler_1|beta:client_1", "beta:handler_2|beta:client_2"), pairs);
            assertClean(scheduler);
        }
    }

    @Test
    void tasksAddedFromManyThreadsAtOnceEachRunOnAThreadNamedAfterThemselves() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            // the continuation engine runs its tasks on the loop's own thread: nothing to name
            org.junit.jupiter.api.Assumptions.assumeFalse(scheduler.engine().equals("continuation"));
            List<Throwable> errors = collectErrors(scheduler);
            Set<String> misnamed = ConcurrentHashMap.newKeySet();
            Set<String> ran = ConcurrentHashMap.newKeySet();
            int adders = 4;
            int each = 300;
            Thread[] threads = new Thread[adders];
            for (int t = 0; t < adders; t++) {
                int adder = t;
                threads[t] = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        String name = "adder" + adder + "-task" + i;
                        scheduler.add(name, () -> {
                            ran.add(name);
                            if (!Thread.currentThread().getName().equals(name)) {
                                misnamed.add(name + " ran on " + Thread.currentThread().getName());
                            }
                        });
                    }
                });
            }
            for (Thread thread : threads) {
                thread.join();
            }
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(Set.of(), misnamed);
            assertEquals(adders * each, ran.size());
            assertClean(scheduler);
        }
    }

    private static void connectAndWait(ServerSocketChannel server) throws Exception {
        TcpSocket client = Copas.scheduler().tcp();
        client.connect(server.getLocalAddress());
        client.receiveLine(); // the handler has run
        client.close();
    }

    @Test
    void unnamedServerGetsADefaultNameUsedForItsConnections() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<String> handlerName = new AtomicReference<>();
            AtomicReference<String> socketName = new AtomicReference<>();
            Server server = scheduler.addServer(channel, socket -> {
                handlerName.set(Copas.current().name());
                socketName.set(socket.name());
            });
            assertFalse(server.name().isBlank());
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                try {
                    client.receive(ReceivePattern.ALL);
                } catch (TransferClosedException expected) {
                    // the handler sent nothing
                }
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals(server.name() + ":handler_1", handlerName.get());
            assertEquals(server.name() + ":client_1", socketName.get());
        }
    }

    @Test
    void tasksAndSocketsCanBeRenamed() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            Task unnamed1 = scheduler.add(() -> { });
            Task unnamed2 = scheduler.add(() -> { });
            assertFalse(unnamed1.name().isBlank());
            assertNotEquals(unnamed1.name(), unnamed2.name(), "default names are distinct");
            Task named = scheduler.add("worker", () -> {
                assertEquals("worker", Copas.current().name());
                Copas.current().setName("renamed");
                assertEquals("renamed", Copas.current().name());
            });
            assertEquals("worker", named.name());
            TcpSocket tcp = scheduler.tcp();
            UdpSocket udp = scheduler.udp();
            assertFalse(tcp.name().isBlank());
            assertNotEquals(tcp.name(), udp.name());
            tcp.setName("my-tcp");
            udp.setName("my-udp");
            assertEquals("my-tcp", tcp.name());
            assertEquals("my-udp", udp.name());
            assertThrows(IllegalArgumentException.class, () -> tcp.setName(" "));
            assertThrows(NullPointerException.class, () -> tcp.setName(null));
            assertThrows(IllegalArgumentException.class, () -> named.setName(""));
            assertThrows(IllegalArgumentException.class, () -> scheduler.add(" ", () -> { }));
            scheduler.loop();
            assertEquals("renamed", named.name());
            assertTrue(Copas.traceback(new RuntimeException("m"), named, tcp).contains("renamed"));
            assertTrue(Copas.traceback(new RuntimeException("m"), named, tcp).contains("my-tcp"));
            tcp.close();
            udp.close();
            assertNoTaskErrors(errors);
        }
    }

    @Test
    void schedulerNameComesFromTheBuilder() {
        try (Scheduler scheduler = Scheduler.builder().name("custom").build()) {
            assertEquals("custom", scheduler.name());
            assertFalse(scheduler.engine().isBlank());
        }
        assertThrows(IllegalArgumentException.class, () -> Scheduler.builder().name(""));
        assertThrows(IllegalArgumentException.class, () -> Scheduler.builder().engine("no-such-engine").build());
    }
}
