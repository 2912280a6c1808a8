package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Shared helpers of the conformance tests: loopback sockets, error collection, clean-up checks. */
final class TestSockets {

    static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private TestSockets() {
    }

    /** A server channel bound on 127.0.0.1 with an ephemeral port. */
    static ServerSocketChannel listen() throws IOException {
        return listen(50);
    }

    /** A server channel bound on 127.0.0.1 with an ephemeral port and the given backlog. */
    static ServerSocketChannel listen(int backlog) throws IOException {
        return ServerSocketChannel.open().bind(LOOPBACK_ANY_PORT, backlog);
    }

    /** {@link #converse(Scheduler, ConnectionHandler, ConnectionHandler)} on a new default scheduler. */
    static void converse(ConnectionHandler serverSide, ConnectionHandler clientSide) throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            converse(scheduler, serverSide, clientSide);
        }
    }

    /**
     * On {@code scheduler}: a server whose handler is given, and a client task connected to it;
     * runs the loop until both ended, then checks that no task failed and nothing is left.
     */
    static void converse(Scheduler scheduler, ConnectionHandler serverSide, ConnectionHandler clientSide)
            throws Exception {
        try (ServerSocketChannel channel = listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            Server server = scheduler.addServer(channel, serverSide);
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                try {
                    clientSide.handle(client);
                } finally {
                    client.close();
                }
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    /** Installs a default error handler that records every task failure. */
    static List<Throwable> collectErrors(Scheduler scheduler) {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        scheduler.setDefaultErrorHandler((error, task, socket) -> errors.add(error));
        return errors;
    }

    /** Fails with every recorded task failure attached. */
    static void assertNoTaskErrors(List<Throwable> errors) {
        if (!errors.isEmpty()) {
            AssertionError failure = new AssertionError("tasks failed: " + errors);
            errors.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** After a loop: no task left, nothing to do. */
    static void assertClean(Scheduler scheduler) {
        assertTrue(scheduler.tasks().isEmpty(), () -> "tasks left: " + scheduler.tasks());
        assertTrue(scheduler.finished(), "scheduler has work left");
    }

    /** Inside a task: pauses in small steps until {@code condition} holds, failing after {@code limit}. */
    static void pauseUntil(BooleanSupplier condition, Duration limit, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Copas.pause(Duration.ofMillis(5));
        }
    }

    /** Runs GC until {@code ref} is cleared, a bounded number of times. */
    static boolean collected(WeakReference<?> ref, ReferenceQueue<?> queue) throws InterruptedException {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            if (queue.remove(100) != null) {
                break;
            }
        }
        return ref.get() == null;
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
