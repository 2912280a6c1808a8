package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.copas.core.ReceivePattern;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Feeds arbitrary bytes, cut into arbitrary pieces, to a Copas TLS server (as a ClientHello,
 * records, alerts, anything) from a plain client that then half-closes. Each connection must end
 * on the server with an {@link IOException} (an {@code SSLException} mostly) or cleanly, within
 * the time limit, and leave no socket behind; the scheduler serves the next input. Any other
 * exception, a connection the server keeps open, or a leaked socket is a finding. Normal builds
 * replay the committed corpus under {@code TlsServerFuzzTestInputs}; {@code fuzz/run.sh} fuzzes.
 */
class TlsServerFuzzTest {

    private static final int LIMIT_SECONDS = 15;

    private static Scheduler scheduler;
    private static ServerSocketChannel channel;
    private static Server server;
    private static int idleSockets;
    private static final Semaphore ENDED = new Semaphore(0);
    private static final Queue<Throwable> UNEXPECTED = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void serve() throws IOException {
        scheduler = Scheduler.create();
        scheduler.setDefaultErrorHandler((error, task, socket) -> {
            if (!(error instanceof IOException)) {
                UNEXPECTED.add(error);
            }
            ENDED.release();
        });
        channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        TlsParameters params = TestPki.server(TestPki.get().serverA).handshakeTimeout(Duration.ofSeconds(5)).build();
        server = scheduler.addServer(channel, Tls.handler(tls -> {
            tls.receive(ReceivePattern.ALL);
            ENDED.release(); // a failure is counted by the error handler instead
        }, params), Duration.ofSeconds(5), "fuzzed-tls");
        scheduler.start();
        idleSockets = scheduler.status().sockets();
    }

    @AfterAll
    static void stop() throws IOException {
        scheduler.close();
        channel.close();
    }

    @FuzzTest
    void arbitraryBytesToAServer(FuzzedDataProvider data) throws Exception {
        int[] cuts = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 4096);
        }
        Arrays.sort(cuts);
        byte[] bytes = data.consumeRemainingAsBytes();
        int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(LIMIT_SECONDS * 1000);
            OutputStream out = client.getOutputStream();
            int from = 0;
            for (int cut : cuts) {
                int to = Math.min(Math.max(cut, from), bytes.length);
                out.write(bytes, from, to - from);
                out.flush();
                from = to;
            }
            out.write(bytes, from, bytes.length - from);
            client.shutdownOutput();
            drainUntilClosed(client.getInputStream());
        } catch (java.net.SocketException reset) {
            // the server may reset the connection after its alert: an ending too
        }
        assertTrue(ENDED.tryAcquire(LIMIT_SECONDS, TimeUnit.SECONDS), "the server's connection task ended");
        Throwable unexpected = UNEXPECTED.poll();
        if (unexpected != null) {
            throw new AssertionError("a connection ended with an exception that is not an IOException", unexpected);
        }
        assertNoSocketLeft();
    }

    private static void drainUntilClosed(InputStream in) throws IOException {
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // alerts, or a ServerHello and what follows
            }
        } catch (SocketTimeoutException e) {
            fail("the server kept the connection open for " + LIMIT_SECONDS + " s after the client's half-close");
        }
    }

    /** The connection's socket is closed right after its task ended: spin briefly until the count is back. */
    private static void assertNoSocketLeft() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        while (scheduler.status().sockets() != idleSockets && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertEquals(idleSockets, scheduler.status().sockets(), "sockets left open on the server");
        assertTrue(server != null && scheduler.running(), "the scheduler keeps serving");
    }
}
