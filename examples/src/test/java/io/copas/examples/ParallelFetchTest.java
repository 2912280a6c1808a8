package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.copas.core.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ParallelFetchTest {

    private static final int LIMIT = 3;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    /** Holds the first requests until LIMIT of them are in flight, so the limit is reached for sure. */
    private final CountDownLatch limitReached = new CountDownLatch(LIMIT);
    private final ExecutorService threads = Executors.newFixedThreadPool(12);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        limitReached.countDown();
        try {
            limitReached.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inFlight.decrementAndGet();
        int code = exchange.getRequestURI().getPath().endsWith("/missing") ? 404 : 200;
        byte[] body = exchange.getRequestURI().getPath().getBytes();
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void everyUrlIsFetchedAndNeverMoreThanTheLimitAtOnce() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        List<String> urls = IntStream.range(0, 10).mapToObj(i -> base + "/page/" + i).collect(
                java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        urls.add(base + "/missing");
        Map<String, Integer> status = InLoop.run(Scheduler.create(), () -> ParallelFetch.fetchAll(urls, LIMIT));
        assertEquals(urls, List.copyOf(status.keySet()));
        assertEquals(10, status.values().stream().filter(code -> code == 200).count());
        assertEquals(404, status.get(base + "/missing"));
        assertEquals(LIMIT, mostInFlight.get(), "the semaphore let exactly LIMIT requests out at once");
    }
}
