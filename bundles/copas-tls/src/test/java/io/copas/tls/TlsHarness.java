package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.ConnectionHandler;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TaskBody;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import io.copas.core.Copas;

/**
 * One scheduler, one server on 127.0.0.1, client tasks that remove the server when the last one
 * ends, and every task failure recorded with its task's name.
 */
final class TlsHarness implements AutoCloseable {

    final Scheduler scheduler = Scheduler.create();
    final ServerSocketChannel channel;
    final List<Map.Entry<String, Throwable>> errors = new CopyOnWriteArrayList<>();
    private Server server;
    private int clients;

    TlsHarness() throws IOException {
        channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        scheduler.setDefaultErrorHandler((error, task, socket) -> errors.add(Map.entry(task.name(), error)));
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** Serves TLS connections with {@code handler}. */
    TlsHarness serve(TlsParameters params, TlsConnectionHandler handler) throws IOException {
        return servePlain(Tls.handler(handler, params));
    }

    /** Serves plain connections with {@code handler}. */
    TlsHarness servePlain(ConnectionHandler handler) throws IOException {
        return servePlain(handler, Duration.ofSeconds(20));
    }

    /** Serves plain connections with {@code handler}; accepted sockets get {@code timeout} ({@code null}: none). */
    TlsHarness servePlain(ConnectionHandler handler, Duration timeout) throws IOException {
        server = scheduler.addServer(channel, handler, timeout, "srv");
        return this;
    }

    /** Adds a client task; the server is removed once every client task ended. */
    TlsHarness client(String name, TaskBody body) {
        clients++;
        scheduler.add(name, () -> {
            try {
                body.run();
            } finally {
                if (--clients == 0 && server != null) {
                    Copas.scheduler().removeServer(server, false);
                }
            }
        });
        return this;
    }

    /** Adds a client task that ends once {@code peer} (a thread playing the client) has ended. */
    TlsHarness awaitPeer(Thread peer) {
        return client("await-peer", () -> pauseUntil(() -> !peer.isAlive(), Duration.ofSeconds(30), "the peer thread"));
    }

    /** Runs the loop until everything ended. */
    TlsHarness run() {
        scheduler.loop();
        return this;
    }

    /** The failures of tasks whose name starts with {@code prefix}. */
    List<Throwable> errorsOf(String prefix) {
        return errors.stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList();
    }

    /** Fails with every recorded task failure attached. */
    void assertNoErrors() {
        if (!errors.isEmpty()) {
            AssertionError failure = new AssertionError("tasks failed: " + errors);
            errors.forEach(e -> failure.addSuppressed(e.getValue()));
            throw failure;
        }
    }

    /** After a loop: no task left, nothing to do. */
    void assertClean() {
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

    /** The message of {@code e} and of all its causes. */
    static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        scheduler.close();
        channel.close();
    }
}
