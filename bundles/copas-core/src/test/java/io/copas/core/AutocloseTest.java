package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Accepted sockets are closed when their handler ends only while autoclose is on; half-close and socket layers (copas.handler) behave as documented. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AutocloseTest {

    @Test
    void autocloseOffLeavesTheAcceptedSocketOpen() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            assertTrue(scheduler.autoclose(), "on by default");
            scheduler.setAutoclose(false);
            assertFalse(scheduler.autoclose());
            AtomicReference<TcpSocket> kept = new AtomicReference<>();
            AtomicReference<String> later = new AtomicReference<>();
            Server server = scheduler.addServer(channel, kept::set); // ends at once
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                TestSockets.pauseUntil(() -> kept.get() != null && Copas.scheduler().tasks().size() == 1,
                        java.time.Duration.ofSeconds(5), "the handler to end");
                assertFalse(kept.get().isClosed(), "autoclose is off");
                kept.get().send("still open\n"); // another task may go on using it
                later.set(client.receiveLine());
                kept.get().close();
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals("still open", later.get());
            assertClean(scheduler);
        }
    }

    @Test
    void halfCloseLetsThePeerReadToTheEndAndStillReply() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<String> reply = new AtomicReference<>();
            Server server = scheduler.addServer(channel, socket -> {
                byte[] all = socket.receive(ReceivePattern.ALL); // ends at the client's shutdown(SEND)
                socket.send("got " + all.length + "\n");
            });
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                client.send("12345");
                client.shutdown(ShutdownMode.SEND);
                reply.set(client.receiveLine());
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals("got 5", reply.get());
            assertClean(scheduler);
        }
    }

    @Test
    void socketLayerFailureReachesTheErrorHandlerAndClosesTheConnection() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            List<String> layered = new CopyOnWriteArrayList<>();
            AtomicReference<Throwable> clientSaw = new AtomicReference<>();
            SocketLayer failing = socket -> {
                throw new IOException("handshake failed");
            };
            SocketLayer passing = socket -> {
                layered.add("layer:" + socket.name());
                return socket;
            };
            AtomicReference<Server> bad = new AtomicReference<>();
            bad.set(scheduler.addServer(channel, ConnectionHandler.wrap(socket -> layered.add("never"), failing), null, "bad"));
            try (ServerSocketChannel second = TestSockets.listen()) {
                Server good = scheduler.addServer(second,
                        ConnectionHandler.wrap(socket -> layered.add("handler:" + socket.name()), passing), null, "good");
                scheduler.add(() -> {
                    TcpSocket client = Copas.scheduler().tcp();
                    client.connect(channel.getLocalAddress());
                    Copas.scheduler().removeServer(bad.get(), false);
                    try {
                        client.receive(ReceivePattern.ALL);
                    } catch (TransferClosedException e) {
                        clientSaw.set(e);
                    }
                    client.close();
                    TcpSocket other = Copas.scheduler().tcp();
                    other.connect(second.getLocalAddress());
                    Copas.scheduler().removeServer(good, false);
                    try {
                        other.receive(ReceivePattern.ALL);
                    } catch (TransferClosedException e) {
                        // nothing sent
                    }
                    other.close();
                });
                scheduler.loop();
            }
            assertEquals(1, errors.size());
            assertEquals("handshake failed", errors.get(0).getMessage());
            assertInstanceOf(TransferClosedException.class, clientSaw.get(), "the connection was closed");
            assertEquals(List.of("layer:good:client_1", "handler:good:client_1"), layered);
            assertClean(scheduler);
        }
    }

    @Test
    void handlerTaskKnowsItsSocket() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<Object> taskSocket = new AtomicReference<>();
            AtomicReference<TcpSocket> given = new AtomicReference<>();
            Server server = scheduler.addServer(channel, socket -> {
                given.set(socket);
                taskSocket.set(Copas.current().socket());
            });
            scheduler.add(() -> {
                assertEquals(null, Copas.current().socket(), "a plain task serves no socket");
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                try {
                    client.receive(ReceivePattern.ALL);
                } catch (TransferClosedException e) {
                    // nothing sent
                }
                client.close();
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertSame(given.get(), taskSocket.get());
            assertTrue(given.get().isClosed());
        }
    }
}
