package io.copas.http;

import static io.copas.http.RawServer.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.TransferTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad replies from a raw-socket server: each ends in an {@link HttpProtocolException} naming what
 * was wrong, leaves no connection behind, and never hangs the loop.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadReplyTest {

    private static final String OK = "HTTP/1.1 200 OK\r\n";

    static Stream<Arguments> badReplies() {
        return Stream.of(
                bad("not HTTP at all", "SSH-2.0-OpenSSH_9.6\r\n", "not an HTTP response"),
                bad("HTML instead of a status line", "<html><body>hi</body></html>\r\n", "not an HTTP response"),
                bad("letters in the status code", "HTTP/1.1 2OO OK\r\n\r\n", "malformed status line"),
                bad("HTTP/2.0 status line", "HTTP/2.0 200 OK\r\n\r\n", "malformed status line"),
                bad("no space after the code", "HTTP/1.1 200OK\r\n\r\n", "malformed status line"),
                bad("status code out of range", "HTTP/1.1 099 Nope\r\n\r\n", "status code out of range"),
                bad("status line too long", "HTTP/1.1 200 " + "x".repeat(9000) + "\r\n\r\n", "status line longer than"),
                bad("NUL in the status line", "HTTP/1.1 200 O\0K\r\n\r\n", "NUL"),
                bad("bare CR in the status line", "HTTP/1.1 200 O\rK\r\n\r\n", "bare CR"),
                bad("header without a colon", OK + "NoColonHere\r\n\r\n", "no 'name: value'"),
                bad("space before the colon", OK + "Content-Length : 2\r\n\r\nok", "white space before the colon"),
                bad("header name not a token", OK + "Bad@Name: x\r\n\r\n", "invalid header name"),
                bad("first header line folded", OK + " folded: x\r\n\r\n", "starts with white space"),
                bad("control character in a value", OK + "X-Evil: a\u0001b\r\n\r\n", "control character"),
                bad("header line too long", OK + "X-Big: " + "y".repeat(9000) + "\r\n\r\n", "header line longer than"),
                bad("too many headers", OK + "X-A: 1\r\n".repeat(101) + "\r\n", "more than 100 header fields"),
                bad("header block too large", OK + ("X-B: " + "z".repeat(4000) + "\r\n").repeat(20) + "\r\n",
                        "header block larger than"),
                bad("conflicting Content-Length fields", OK + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
                        "conflicting Content-Length"),
                bad("conflicting Content-Length list", OK + "Content-Length: 5, 6\r\n\r\nhello", "conflicting Content-Length"),
                bad("negative Content-Length", OK + "Content-Length: -5\r\n\r\n", "invalid Content-Length"),
                bad("overflowing Content-Length", OK + "Content-Length: 99999999999999999999999\r\n\r\n",
                        "Content-Length too large"),
                bad("empty Content-Length", OK + "Content-Length: \r\n\r\n", "empty Content-Length"),
                bad("Content-Length with chunked", OK + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                        "both Content-Length and Transfer-Encoding"),
                bad("chunked not the last coding", OK + "Transfer-Encoding: chunked, gzip\r\n\r\n",
                        "'chunked' before another coding"),
                bad("chunk size not hex", OK + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", "invalid chunk size"),
                bad("negative chunk size", OK + "Transfer-Encoding: chunked\r\n\r\n-1\r\n", "invalid chunk size"),
                bad("overflowing chunk size", OK + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n",
                        "chunk size too large"),
                bad("missing chunk size", OK + "Transfer-Encoding: chunked\r\n\r\n\r\n", "no size"),
                bad("chunk size line too long", OK + "Transfer-Encoding: chunked\r\n\r\n1;" + "e".repeat(2000) + "\r\n",
                        "chunk size line longer than"),
                bad("chunk longer than its size", OK + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n",
                        "chunk data longer than its size"),
                bad("malformed trailer", OK + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nBad Trailer\r\n\r\n",
                        "malformed trailer line"),
                bad("body shorter than Content-Length", OK + "Content-Length: 10\r\n\r\nabc", "truncated"),
                bad("chunked body cut short", OK + "Transfer-Encoding: chunked\r\n\r\n5\r\nab", "truncated"),
                bad("last chunk never comes", OK + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n", "chunk size line"),
                bad("closed inside the status line", "HTTP/1.1 200", "closed by the server in the middle of the status line"),
                bad("closed without a reply", "", "closed by the server before the status line"),
                bad("closed inside the headers", OK + "Content-Type: text/pl", "middle of the header line"));
    }

    private static Arguments bad(String name, String reply, String expected) {
        return Arguments.of(name, reply, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReplies")
    void badReplyEndsInAClearExceptionAndLeaksNothing(String name, String reply, String expected) throws Exception {
        HttpClient client = HttpClient.builder().build();
        try (RawServer server = RawServer.replying(ascii(reply))) {
            Exception e = Loops.failure(() -> client.send(HttpRequest.builder(server.url("/bad"))
                    .timeout(Duration.ofSeconds(10)).build()));
            assertInstanceOf(HttpProtocolException.class, e, () -> name + ": " + e);
            assertTrue(e.getMessage().contains(expected), () -> name + ": message was: " + e.getMessage());
        }
        PoolStatistics s = client.statistics();
        assertEquals(0, s.busy(), "no connection left busy");
        assertEquals(0, s.idle(), "a connection with a bad reply is never kept");
    }

    @Test
    void aBadReplyIsNamedWithTheRequestWithoutItsCredentials() throws Exception {
        try (RawServer server = RawServer.replying(ascii("HTTP/1.1 abc Broken\r\n\r\n"))) {
            String url = server.url("/bad").replace("http://", "http://me:secret@");
            Exception e = Loops.failure(() -> Http.request(HttpRequest.builder(url).build()));
            assertInstanceOf(HttpProtocolException.class, e, e::toString);
            assertTrue(e.getMessage().startsWith("GET " + server.url("/bad") + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void interimResponsesAreSkippedAndTrailersKept() throws Exception {
        String reply = "HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n" + OK
                + "Transfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Sum: 42\r\n\r\n";
        try (RawServer server = RawServer.replying(ascii(reply))) {
            HttpResponse r = Loops.run(() -> Http.request(server.url("/")));
            assertEquals(200, r.statusCode());
            assertEquals("hello world", r.bodyText());
            assertEquals("42", r.trailers().value("x-sum"));
        }
    }

    @Test
    void closeDelimitedBodyEndsWithTheConnection() throws Exception {
        assertReadAndNotKept("HTTP/1.0 200 OK\r\n\r\nuntil close", "until close");
    }

    @Test
    void anHttp10ResponseWithTransferEncodingIsReadButItsConnectionNotReused() throws Exception {
        // RFC 9112 section 6.1: treat its framing as faulty and close the connection after it
        assertReadAndNotKept("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n", "hello");
    }

    /** The body of {@code reply} is read whole, and its connection is not kept for another request. */
    private static void assertReadAndNotKept(String reply, String body) throws Exception {
        try (RawServer server = RawServer.replying(ascii(reply))) {
            HttpClient client = HttpClient.builder().build();
            int[] idle = new int[1];
            HttpResponse r = Loops.run(() -> {
                HttpResponse response = client.send(HttpRequest.builder(server.url("/")).build());
                idle[0] = client.statistics().idle(); // inside the loop: its exit closes the pool's connections
                return response;
            });
            assertEquals(body, r.bodyText());
            assertEquals(0, idle[0], "not kept for reuse");
        }
    }

    @Test
    void aBodyLargerThanAnArrayWithoutASinkFailsAtOnce() throws Exception {
        // found by a trial: collected into memory until an OutOfMemoryError (an Error) left send()
        try (RawServer server = RawServer.replying(ascii(OK + "Content-Length: 3000000000\r\n\r\nabc"))) {
            HttpClient client = HttpClient.builder().build();
            Exception e = Loops.failure(() -> client.send(HttpRequest.builder(server.url("/")).build()));
            assertInstanceOf(HttpException.class, e, e::toString);
            assertTrue(e.getMessage().contains("give the request a sink"), e.getMessage());
            assertEquals(0, client.statistics().busy());
        }
    }

    @Test
    void serverThatNeverAnswersEndsInATimeout() throws Exception {
        try (RawServer server = new RawServer((s, in, out, i) -> {
            RawServer.readHead(in);
            in.read(); // holds the connection until the client gives up
        })) {
            String url = server.url("/silent").replace("http://", "http://me:secret@");
            Exception e = Loops.failure(() -> Http.request(HttpRequest.builder(url)
                    .timeout(Duration.ofMillis(300)).build()));
            assertInstanceOf(TransferTimeoutException.class, e, e::toString);
            // the core's message names only the socket: the request is named too, without its credentials
            String expected = "GET " + server.url("/silent") + ": ";
            assertTrue(e.getMessage().startsWith(expected), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void serverTricklingItsHeadEndsInATimeoutThoughEachByteComesInTime() throws Exception {
        try (RawServer server = new RawServer((s, in, out, i) -> {
            RawServer.readHead(in);
            out.write(ascii(OK));
            out.flush();
            // a byte every 50 ms, each well within the 400 ms timeout
            everyFiftyMillisUntilTheClientCloses(in, out, ascii("X"));
        })) {
            Exception e = Loops.failure(() -> Http.request(HttpRequest.builder(server.url("/"))
                    .timeout(Duration.ofMillis(400)).build()));
            assertInstanceOf(TransferTimeoutException.class, e, e::toString);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // it used to hang
    void endlessInterimResponsesEndInATimeout() throws Exception {
        // found by a trial: each 102 Processing started a new head deadline, so a server that
        // sends them for ever held the request for ever; the receive timeout now bounds them all
        try (RawServer server = new RawServer((s, in, out, i) -> {
            RawServer.readHead(in);
            everyFiftyMillisUntilTheClientCloses(in, out, ascii("HTTP/1.1 102 Processing\r\n\r\n"));
        })) {
            Exception e = Loops.failure(() -> Http.request(HttpRequest.builder(server.url("/"))
                    .timeout(Duration.ofMillis(400)).build()));
            assertInstanceOf(TransferTimeoutException.class, e, e::toString);
        }
    }

    /** Writes {@code bytes} every 50 ms until the client closes; a failed write (the client gave up) ends it. */
    private static void everyFiftyMillisUntilTheClientCloses(InputStream in, OutputStream out, byte[] bytes)
            throws IOException {
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try {
            writer.scheduleAtFixedRate(() -> {
                try {
                    out.write(bytes);
                    out.flush();
                } catch (IOException gone) {
                    throw new UncheckedIOException(gone);
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            in.read(); // until the client closes the connection
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void aBadServerDoesNotDisturbOtherTasks() throws Exception {
        try (RawServer bad = RawServer.replying(ascii("garbage\r\n")); JdkServer good = JdkServer.plain()) {
            List<String> outcomes = Loops.run(() -> {
                List<String> seen = new java.util.ArrayList<>();
                var other = Copas.scheduler().add("good", () -> seen.add(Http.request(good.url("/hello")).bodyText()));
                try {
                    Http.request(bad.url("/"));
                } catch (IOException e) {
                    seen.add(e.getClass().getSimpleName());
                }
                while (other.state() != io.copas.core.TaskState.DONE) {
                    Copas.pause(Duration.ofMillis(5));
                }
                return seen;
            });
            assertTrue(outcomes.contains("hello") && outcomes.contains("HttpProtocolException"), outcomes::toString);
        }
    }
}
