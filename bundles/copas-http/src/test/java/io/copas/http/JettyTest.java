package io.copas.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Task;
import io.copas.core.TaskState;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Against a production server: Jetty 12.1 (chunked both ways, trailers, 100-continue, keep-alive under load). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JettyTest {

    static Server jetty;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                switch (path) {
                    case "/hello" -> Content.Sink.write(response, true, "hello from jetty", callback);
                    case "/stream" -> {
                        response.setTrailersSupplier(() -> HttpFields.build().put("X-Checksum", "done"));
                        try (OutputStream out = Content.Sink.asOutputStream(response)) {
                            byte[] block = new byte[10_000];
                            for (int i = 0; i < 100; i++) {
                                out.write(block);
                                out.flush();
                            }
                        }
                        callback.succeeded();
                    }
                    case "/upload" -> {
                        long n;
                        try (InputStream in = Content.Source.asInputStream(request)) {
                            n = in.transferTo(OutputStream.nullOutputStream());
                        }
                        String te = String.valueOf(request.getHeaders().get(HttpHeader.TRANSFER_ENCODING));
                        Content.Sink.write(response, true, n + " " + te, callback);
                    }
                    default -> {
                        response.setStatus(404);
                        callback.succeeded();
                    }
                }
                return true;
            }
        });
        jetty.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void simpleGet() throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(url("/hello")));
        assertEquals(200, r.statusCode());
        assertEquals("hello from jetty", r.bodyText());
    }

    @Test
    void chunkedResponseWithTrailersIsStreamedToTheSink() throws Exception {
        AtomicLong got = new AtomicLong();
        List<Integer> chunks = new ArrayList<>();
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(url("/stream")).header("TE", "trailers")
                .sink((d, o, n) -> {
                    got.addAndGet(n);
                    chunks.add(n);
                }).build()));
        assertEquals("chunked", r.headers().value("Transfer-Encoding"));
        assertEquals(1_000_000, got.get());
        assertTrue(chunks.size() > 1, "delivered in pieces");
        assertEquals("done", r.trailers().value("X-Checksum"));
    }

    @Test
    void chunkedUploadAndExpectContinue() throws Exception {
        byte[] data = new byte[300_000];
        HttpResponse chunked = Loops.run(() -> Http.request(HttpRequest.builder(url("/upload")).method("POST")
                .body(RequestBody.of(new ByteArrayInputStream(data))).build()));
        assertEquals("300000 chunked", chunked.bodyText());
        HttpResponse expect = Loops.run(() -> Http.request(HttpRequest.builder(url("/upload")).method("PUT")
                .header("Expect", "100-continue").body(RequestBody.of(data)).build()));
        assertEquals("300000 null", expect.bodyText());
    }

    @Test
    void manyTasksShareAFewKeptAliveConnections() throws Exception {
        HttpClient client = HttpClient.builder().maxConnectionsPerOrigin(4).build();
        List<String> bodies = new ArrayList<>();
        Loops.run(() -> {
            List<Task> tasks = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                tasks.add(Copas.scheduler().add("client-" + t, () -> {
                    for (int i = 0; i < 20; i++) {
                        bodies.add(client.send(HttpRequest.builder(url("/hello")).build()).bodyText());
                    }
                }));
            }
            while (tasks.stream().anyMatch(t -> t.state() != TaskState.DONE)) {
                Copas.pause(Duration.ofMillis(5));
            }
            return null;
        });
        assertEquals(200, bodies.size());
        assertTrue(bodies.stream().allMatch("hello from jetty"::equals));
        PoolStatistics s = client.statistics();
        assertTrue(s.connectionsOpened() <= 4, s::toString);
        assertEquals(200 - s.connectionsOpened(), s.connectionsReused(), s::toString);
        client.close();
    }

    @Test
    void notFoundIsAnAnswerNotAnError() throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(url("/nothing")));
        assertEquals(404, r.statusCode());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).isEmpty() || r.body().length >= 0);
    }
}
