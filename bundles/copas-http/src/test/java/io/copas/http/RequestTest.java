package io.copas.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both forms of upstream's request, sources and sinks, against the JDK's HTTP server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestTest {

    static JdkServer server;

    @BeforeAll
    static void start() throws Exception {
        server = JdkServer.plain();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void simpleGetReturnsBodyCodeHeadersAndStatusLine() throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(server.url("/hello")));
        assertEquals(200, r.statusCode());
        assertEquals("HTTP/1.1 200 OK", r.statusLine());
        assertEquals("hello", r.bodyText());
        assertEquals("5", r.headers().value("content-length"));
        assertEquals(server.url("/hello"), r.uri().toString());
    }

    @Test
    void simplePostSendsAFormAsUpstreamDoes() throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(server.url("/echo"), "a=1&b=two"));
        assertEquals("POST", r.headers().value("X-Method"));
        assertEquals("application/x-www-form-urlencoded", r.headers().value("X-Got-Content-Type"));
        assertEquals("9", r.headers().value("X-Got-Content-Length"));
        assertEquals("a=1&b=two", r.bodyText());
    }

    @Test
    void clientHeadersHostUserAgentAndCallerHeadersGoOut() throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(server.url("/echo?q=1"))
                .header("User-Agent", "tester/1").build()));
        assertEquals("127.0.0.1:" + server.port(), r.headers().value("X-Got-Host"));
        assertEquals("tester/1", r.headers().value("X-Got-User-Agent"));
        assertEquals("/echo?q=1", r.headers().value("X-Uri"));
    }

    @Test
    void userInformationInTheUrlBecomesBasicAuthorization() throws Exception {
        String url = server.url("/echo").replace("http://", "http://user:pa%3Ass@");
        HttpResponse r = Loops.run(() -> Http.request(url));
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString("user:pa:ss".getBytes(StandardCharsets.UTF_8)),
                r.headers().value("X-Got-Authorization"));
    }

    @Test
    void headHasNoBodyAndTheConnectionIsReused() throws Exception {
        HttpClient client = HttpClient.builder().build();
        List<HttpResponse> rs = Loops.run(() -> List.of(
                client.send(HttpRequest.builder(server.url("/hello")).method("HEAD").build()),
                client.send(HttpRequest.builder(server.url("/hello")).build())));
        assertEquals(0, rs.get(0).body().length);
        assertEquals("hello", rs.get(1).bodyText());
        assertEquals(1, client.statistics().connectionsOpened());
        assertEquals(1, client.statistics().connectionsReused());
    }

    @Test
    void noBodyFor204And304AndTheConnectionStaysUsable() throws Exception {
        HttpClient client = HttpClient.builder().build();
        List<HttpResponse> rs = Loops.run(() -> List.of(
                client.send(HttpRequest.builder(server.url("/status?code=204")).build()),
                client.send(HttpRequest.builder(server.url("/status?code=304")).build()),
                client.send(HttpRequest.builder(server.url("/hello")).build())));
        assertEquals(204, rs.get(0).statusCode());
        assertEquals(304, rs.get(1).statusCode());
        assertEquals("hello", rs.get(2).bodyText());
        assertEquals(1, client.statistics().connectionsOpened());
    }

    @Test
    void streamBodyOfUnknownLengthIsSentChunked() throws Exception {
        byte[] data = new byte[200_000];
        Arrays.fill(data, (byte) 'x');
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(server.url("/echo")).method("PUT")
                .body(RequestBody.of(new ByteArrayInputStream(data))).build()));
        assertEquals("chunked", r.headers().value("X-Got-Transfer-Encoding"));
        assertArrayEquals(data, r.body());
    }

    @Test
    void streamBodyOfKnownLengthIsSentWithContentLength() throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(server.url("/echo")).method("POST")
                .body(RequestBody.of(new ByteArrayInputStream(new byte[1000]), 1000)).build()));
        assertEquals("1000", r.headers().value("X-Got-Content-Length"));
        assertEquals(1000, r.body().length);
    }

    @Test
    void pullFunctionBodyAndChunkConsumerSink() throws Exception {
        List<String> parts = new ArrayList<>(List.of("one,", "two,", "three"));
        ByteArrayOutputStream sunk = new ByteArrayOutputStream();
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(server.url("/echo")).method("POST")
                .body(RequestBody.of(() -> parts.isEmpty() ? null : parts.remove(0).getBytes(StandardCharsets.UTF_8)))
                .sink(sunk::write).build()));
        assertEquals(0, r.body().length, "a sink takes the body");
        assertEquals("one,two,three", sunk.toString(StandardCharsets.UTF_8));
    }

    @Test
    void outputStreamSinkAndStringBody() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Loops.run(() -> Http.request(HttpRequest.builder(server.url("/echo")).method("POST")
                .body(RequestBody.of("grüße")).sink(BodySink.to(out)).build()));
        assertEquals("grüße", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void expectContinueWaitsForTheGoAheadThenSendsTheBody() throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(server.url("/echo")).method("POST")
                .header("Expect", "100-continue").body(RequestBody.of("after continue")).build()));
        assertEquals("100-continue", r.headers().value("X-Got-Expect"));
        assertEquals("after continue", r.bodyText());
    }

    @Test
    void timeoutsFollowUpstreamDefaults() {
        assertEquals(Duration.ofSeconds(60), Timeouts.defaults().connect());
        Timeouts t = Timeouts.of(null, Duration.ofSeconds(5), null);
        assertEquals(new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(30)), t);
        assertEquals(Timeouts.defaults(), HttpRequest.builder("http://h/").build().timeouts());
        assertEquals(5, HttpRequest.builder("http://h/").build().maxRedirects());
    }

    @Test
    void socketFactoryMakesEverySocket() throws Exception {
        List<String> made = new ArrayList<>();
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(server.url("/hello"))
                .socketFactory(s -> {
                    var socket = s.tcp();
                    socket.setName("custom-" + made.size());
                    made.add(socket.name());
                    return socket;
                }).build()));
        assertEquals(200, r.statusCode());
        assertEquals(List.of("custom-0"), made);
    }

    @Test
    void requestOutsideATaskIsRefused() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Http.request(server.url("/hello")));
        assertTrue(e.getMessage() != null, "names the problem");
    }

    @Test
    void aFinalAnswerToExpectContinueMeansTheBodyIsNotSent() throws Exception {
        java.util.concurrent.CompletableFuture<Integer> extra = new java.util.concurrent.CompletableFuture<>();
        try (RawServer server = new RawServer((s, in, out, i) -> {
            RawServer.readHead(in);
            out.write(RawServer.ascii("HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n"));
            out.flush();
            extra.complete(in.read()); // -1: the client closed without sending the body
        })) {
            HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(server.url("/")).method("PUT")
                    .header("Expect", "100-continue").body(RequestBody.of("never sent")).build()));
            assertEquals(417, r.statusCode());
            assertEquals(-1, extra.get(10, TimeUnit.SECONDS), "no body byte reached the server");
        }
    }

    // HttpClient.shutdown, used when the bundle that made a client stops (hot swap)

    @Test
    void sendAfterShutdownFailsAtOnceNamingWhatToDo() throws Exception {
        HttpClient client = HttpClient.builder().build();
        assertEquals(200, Loops.run(() -> client.send(HttpRequest.builder(server.url("/hello")).build())).statusCode());
        assertTrue(client.shutdown(Duration.ofSeconds(5)), "nothing was in flight");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Loops.run(() -> client.send(HttpRequest.builder(server.url("/hello")).build())));
        assertTrue(e.getMessage().contains("shut down") && e.getMessage().contains("Scheduler.client"), e.getMessage());
    }

    @Test
    void closeLeavesTheClientUsable() throws Exception {
        HttpClient client = HttpClient.builder().build();
        client.close();
        assertEquals(200, Loops.run(() -> client.send(HttpRequest.builder(server.url("/hello")).build())).statusCode());
    }

    @Test
    void closeAfterItsSchedulerEndedLeavesNoIdleConnectionCounted() throws Exception {
        // regression: the pool of a closed scheduler was dropped but its idle connections stayed counted
        HttpClient client = HttpClient.builder().build();
        io.copas.core.Scheduler service = io.copas.core.Scheduler.create();
        service.start(); // a service loop never exits: its pool keeps the connection
        service.submit(() -> client.send(HttpRequest.builder(server.url("/hello")).build())).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, client.statistics().idle());
        service.close(); // closed without an exit of a loop
        client.close();
        assertEquals(0, client.statistics().idle());
    }

    @Test
    void aRequestOutsideATaskSaysWhereItMustBeMade() {
        // it named the core's own call, Copas.scheduler(), which the caller never made
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Http.request("http://127.0.0.1:1/"));
        assertTrue(e.getMessage().startsWith("an HTTP request must be made from a Copas task"), e.getMessage());
    }
}
