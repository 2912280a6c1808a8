package io.copas.http;

import static io.copas.http.RawServer.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What LuaSocket's http takes from callers and servers and this client once refused or mangled:
 * URLs with characters or host names {@link java.net.URI} does not allow, a Location that is a query alone,
 * user information without a password, status codes above 599, {@code identity} named beside a
 * Content-Length, and a 103 before the 100 of an {@code Expect: 100-continue}. Each against a
 * raw-socket server that records the request heads it got.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UpstreamLeniencyTest {

    private final List<String> heads = new CopyOnWriteArrayList<>();

    /** A server that answers each request on a connection with {@code reply.apply(head)}, recording the heads. */
    private RawServer server(Function<String, String> reply) throws Exception {
        return new RawServer((s, in, out, i) -> {
            String head;
            while ((head = RawServer.readHead(in)) != null) {
                heads.add(head);
                out.write(ascii(reply.apply(head)));
                out.flush();
            }
        });
    }

    private String requestLine(int index) {
        String head = heads.get(index);
        return head.substring(0, head.indexOf("\r\n"));
    }

    @Test
    void aUrlBeyondUriSyntaxGoesOutPercentEncodedAsUtf8() throws Exception {
        try (RawServer server = server(h -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            HttpResponse r = Loops.run(() -> Http.request(server.url("/日本/a|b?q=München&d=10%&x={1}")));
            assertEquals(200, r.statusCode());
            assertEquals("GET /%E6%97%A5%E6%9C%AC/a%7Cb?q=M%C3%BCnchen&d=10%25&x=%7B1%7D HTTP/1.1", requestLine(0));
        }
    }

    @Test
    void aUrlAlreadyPercentEncodedIsSentUnchanged() throws Exception {
        try (RawServer server = server(h -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            Loops.run(() -> Http.request(server.url("/a%20b?q=%C3%BC")));
            assertEquals("GET /a%20b?q=%C3%BC HTTP/1.1", requestLine(0));
        }
    }

    @Test
    void aHostNameWithAnUnderscoreIsAHost() throws Exception {
        // through a proxy, so that no resolver needs to know the name
        try (RawServer proxy = server(h -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder("http://my_service:8080/x")
                    .proxy(proxy.url("")).build()));
            assertEquals(200, r.statusCode());
            assertEquals("GET http://my_service:8080/x HTTP/1.1", requestLine(0));
            assertTrue(heads.get(0).contains("\r\nHost: my_service:8080\r\n"), heads.get(0));
        }
    }

    @Test
    void aQueryOnlyLocationKeepsTheWholePath() throws Exception {
        assertEquals("GET /a/b?page=2 HTTP/1.1", requestLineAfterRedirect("/a/b", "?page=2"));
    }

    @Test
    void aLocationWithRawUtf8AndPipesIsFollowedByteForByte() throws Exception {
        String location = new String("/€/x|y".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals("GET /%E2%82%AC/x%7Cy HTTP/1.1", requestLineAfterRedirect("/start", location));
    }

    @Test
    void aLocationWithSpacesIsFollowedWithTheSpacesEscapedAsBrowsersAndCurlDo() throws Exception {
        // LuaSocket sends "GET /new path HTTP/1.1", a broken request line; this client once refused the Location
        assertEquals("GET /new%20path/a%20b?q=x%20y HTTP/1.1", requestLineAfterRedirect("/start", "/new path/a b?q=x y"));
    }

    @Test
    void aLocationWithDotSegmentsAboveTheRootLeadsToTheRoot() throws Exception {
        // RFC 3986's remove_dot_segments, as LuaSocket's url.absolute; java.net.URI would keep "/../x"
        assertEquals("GET /x HTTP/1.1", requestLineAfterRedirect("/a/b", "../../x"));
    }

    @Test
    void afterARedirectTheHeadersCarryTheLastLocationFollowed() throws Exception {
        try (RawServer server = server(h -> h.startsWith("GET /start ")
                ? "HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            HttpResponse redirected = Loops.run(() -> Http.request(server.url("/start")));
            assertEquals("/next", redirected.headers().value("location"), "upstream's hint that the request was redirected");
            HttpResponse direct = Loops.run(() -> Http.request(server.url("/next")));
            assertEquals(null, direct.headers().value("location"));
        }
    }

    @Test
    void aCallersConnectionCloseIsHonouredEvenIfTheServerKeepsTheConnection() throws Exception {
        List<Integer> connections = new CopyOnWriteArrayList<>();
        try (RawServer server = new RawServer((s, in, out, i) -> {
            while (RawServer.readHead(in) != null) { // answers without echoing "Connection: close" and stays open
                connections.add(i);
                out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
                out.flush();
            }
        })) {
            Loops.run(() -> {
                for (int n = 0; n < 2; n++) {
                    Http.request(HttpRequest.builder(server.url("/")).header("Connection", "close").build());
                }
                return null;
            });
            assertEquals(List.of(0, 1), connections, "each request on a connection of its own");
        }
    }

    /** Requests {@code path}, answered by a redirect to {@code location}: the followed request's line. */
    private String requestLineAfterRedirect(String path, String location) throws Exception {
        try (RawServer server = server(h -> h.startsWith("GET " + path + " ")
                ? "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) {
            HttpResponse r = Loops.run(() -> Http.request(server.url(path)));
            assertEquals("ok", r.bodyText());
            return requestLine(1);
        }
    }

    @Test
    void aUserWithoutPasswordSendsNoAuthorization() throws Exception {
        try (RawServer server = server(h -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            Loops.run(() -> Http.request(server.url("/p").replace("http://", "http://token@")));
            assertFalse(heads.get(0).toLowerCase().contains("authorization:"), heads.get(0));
        }
    }

    @Test
    void aStatusCodeAbove599IsAnAnswer() throws Exception {
        try (RawServer server = server(h -> "HTTP/1.1 999 Request denied\r\nContent-Length: 6\r\n\r\ndenied")) {
            HttpResponse r = Loops.run(() -> Http.request(server.url("/")));
            assertEquals(999, r.statusCode());
            assertEquals("denied", r.bodyText());
        }
    }

    @Test
    void identityTransferEncodingBesideContentLengthReadsByLength() throws Exception {
        try (RawServer server = server(h -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 2\r\n\r\nok")) {
            HttpClient client = HttpClient.builder().build();
            int[] idle = new int[1];
            HttpResponse r = Loops.run(() -> {
                HttpResponse response = client.send(HttpRequest.builder(server.url("/")).build());
                idle[0] = client.statistics().idle();
                return response;
            });
            assertEquals("ok", r.bodyText());
            assertEquals(1, idle[0], "the connection is kept: the body ended where it said");
        }
    }

    @Test
    void earlyHintsBeforeTheContinueStillSendTheBody() throws Exception {
        try (RawServer server = new RawServer((s, in, out, i) -> {
            String head = RawServer.readHead(in);
            heads.add(head);
            out.write(ascii("HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"));
            out.flush();
            out.write(ascii("HTTP/1.1 100 Continue\r\n\r\n"));
            out.flush();
            byte[] body = readBody(in, "after hints".length());
            respond(out, body);
        })) {
            HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(server.url("/up")).method("POST")
                    .header("Expect", "100-continue").body(RequestBody.of("after hints"))
                    .timeout(Duration.ofSeconds(20)).build()));
            assertEquals(200, r.statusCode());
            assertEquals("after hints", r.bodyText());
            assertTrue(heads.get(0).contains("Expect: 100-continue"), heads.get(0));
        }
    }

    private static byte[] readBody(InputStream in, int length) throws Exception {
        return in.readNBytes(length);
    }

    private static void respond(OutputStream out, byte[] body) throws Exception {
        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n"));
        out.write(body);
        out.flush();
    }
}
