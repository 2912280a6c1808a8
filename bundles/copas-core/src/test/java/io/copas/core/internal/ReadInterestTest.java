package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.core.TaskState;
import io.copas.core.TcpSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When the selector reports a socket readable and nobody waits to read it, the loop stops
 * watching it (level-triggered: it would spin), except while the reader it just woke has not
 * run yet: that one is about to read, and dropping the interest in between cost two epoll_ctl
 * calls per message once a busy loop polled between its steps (1,000 echo connections).
 * The second report is made here by calling the socket's readiness handler from a task, as the
 * loop does after a poll.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadInterestTest {

    @Test
    void readinessReportedAgainBeforeTheWokenReaderRunsKeepsTheSocketWatched() throws Exception {
        List<String> seen = new ArrayList<>();
        withConnection((scheduler, socket, peer) -> {
            scheduler.add("reader", () -> seen.add(socket.receiveLine())); // parks: nothing sent yet
            scheduler.add("poller", () -> {
                peer.write(ByteBuffer.wrap("x\n".getBytes(StandardCharsets.US_ASCII)));
                SocketBase base = (SocketBase) socket;
                base.onReady(SelectionKey.OP_READ); // wakes the reader
                base.onReady(SelectionKey.OP_READ); // reported again before it ran
                seen.add(watchedForReading(scheduler, socket) ? "watched" : "dropped");
            });
            scheduler.loop();
        });
        assertEquals(List.of("watched", "x"), seen);
    }

    @Test
    void readinessNobodyWillReadStopsTheWatchOnceTheWokenReaderHasRun() throws Exception {
        List<String> seen = new ArrayList<>();
        AtomicReference<Task> reader = new AtomicReference<>();
        withConnection((scheduler, socket, peer) -> {
            reader.set(scheduler.add("reader", () -> {
                seen.add(socket.receiveLine()); // parks, then woken by the loop's own poll
                assertTrue(Copas.suspend(Duration.ofSeconds(20)), "never woken");
                seen.add(socket.receiveLine());
            }));
            scheduler.add("poller", () -> {
                peer.write(ByteBuffer.wrap("x\n".getBytes(StandardCharsets.US_ASCII)));
                while (reader.get().state() != TaskState.SUSPENDED) {
                    Copas.pause(Duration.ZERO);
                }
                peer.write(ByteBuffer.wrap("y\n".getBytes(StandardCharsets.US_ASCII)));
                ((SocketBase) socket).onReady(SelectionKey.OP_READ); // its woken reader ran and is not reading
                seen.add(watchedForReading(scheduler, socket) ? "watched" : "dropped");
                Copas.wakeup(reader.get());
            });
            scheduler.loop();
        });
        assertEquals(List.of("x", "dropped", "y"), seen);
    }

    private static boolean watchedForReading(Scheduler scheduler, TcpSocket socket) {
        SelectionKey key = socket.channel().keyFor(((SchedulerImpl) scheduler).poller.selector);
        return key != null && (key.interestOps() & SelectionKey.OP_READ) != 0;
    }

    /** What a test does with a scheduler, a wrapped server-side socket and its blocking peer. */
    private interface ConnectionBody {
        void run(Scheduler scheduler, TcpSocket socket, SocketChannel peer) throws Exception;
    }

    private static void withConnection(ConnectionBody body) throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel peer = SocketChannel.open(listener.getLocalAddress());
                SocketChannel accepted = listener.accept()) {
            TcpSocket socket = scheduler.wrap(accepted);
            try {
                body.run(scheduler, socket, peer);
            } finally {
                socket.close();
            }
        }
    }
}
