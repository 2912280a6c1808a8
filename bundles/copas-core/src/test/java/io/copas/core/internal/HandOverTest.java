package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.copas.core.Copas;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A connection handed to a scheduler by a group's acceptor. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HandOverTest {

    @Test
    void connectionHandedToAClosedSchedulerIsClosedNotLeaked() throws Exception {
        SchedulerImpl closed = new SchedulerImpl("handover-closed", "auto", false);
        closed.close();
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            SocketChannel accepted = listener.accept();

            closed.sockets().serveAccepted(accepted, "late", 1, null, socket -> {
                throw new AssertionError("no handler may run on a closed scheduler");
            });

            assertFalse(accepted.isOpen(), "the connection was closed");
            assertEquals(-1, client.read(ByteBuffer.allocate(1)), "the peer sees the end of the stream");
        }
    }

    @Test
    void connectionHandedToARunningSchedulerIsServedOnItsLoop() throws Exception {
        try (SchedulerImpl target = new SchedulerImpl("handover-target", "auto", false);
                ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            target.start();
            CompletableFuture<String> served = new CompletableFuture<>();
            target.sockets().serveAccepted(listener.accept(), "handed", 7, null, socket -> {
                served.complete(Copas.current().name() + " on " + Copas.scheduler().name());
                socket.send("ok\n");
            });
            assertEquals("handed:handler_7 on handover-target", served.get(10, TimeUnit.SECONDS));
            ByteBuffer reply = ByteBuffer.allocate(3);
            while (reply.hasRemaining() && client.read(reply) >= 0) {
                // until the whole reply is there
            }
            assertEquals("ok\n", new String(reply.array(), StandardCharsets.US_ASCII));
        }
    }
}
