package io.copas.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CR, LF or NUL in a method, URL, header name or value is refused before anything is sent. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestSplittingTest {

    private static final String[] EVIL = {"\r\n", "\n", "\r", "\0"};

    @Test
    void badMethodsAreRefused() {
        for (String evil : EVIL) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HttpRequest.builder("http://127.0.0.1/").method("GET" + evil + "X"));
            assertTrue(e.getMessage().startsWith("method must be an HTTP token"), e::getMessage);
        }
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.builder("http://127.0.0.1/").method("GET /x HTTP/1.1"));
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.builder("http://127.0.0.1/").method(""));
    }

    @Test
    void badHeaderNamesAndValuesAreRefused() {
        for (String evil : EVIL) {
            IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                    () -> HttpRequest.builder("http://127.0.0.1/").header("X" + evil + "Y", "v"));
            assertTrue(name.getMessage().startsWith("header name must be an HTTP token"), name::getMessage);
            IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                    () -> HttpRequest.builder("http://127.0.0.1/").header("X-Ok", "v" + evil + "Injected: 1"));
            assertTrue(value.getMessage().contains("header 'X-Ok' value holds a forbidden character"), value::getMessage);
        }
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.builder("http://127.0.0.1/").header("Bad Name", "v"));
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.builder("http://127.0.0.1/").header("X", null));
        assertThrows(IllegalArgumentException.class, () -> HttpClient.builder().userAgent("a\r\nb"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a\r\nX-Injected: 1", "/a\nb", "/a\0b", "/a b", "/a\rb"})
    void badUrlsAreRefusedAndNothingIsSent(String path) throws Exception {
        try (RawServer server = RawServer.replying(RawServer.ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))) {
            Exception e = Loops.failure(() -> Http.request(server.url(path)));
            assertInstanceOf(IllegalArgumentException.class, e);
            assertTrue(e.getMessage().startsWith("url holds a space or control character"), e::getMessage);
            assertEquals(0, server.connections.get(), "nothing was sent");
        }
    }

    @Test
    void otherBadUrlsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpRequest.builder("ftp://h/x")).getMessage()
                .contains("must be an http or https URL"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpRequest.builder("http:///nohost")).getMessage()
                .contains("has no host"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpRequest.builder("http://h/x").proxy("https://p/"))
                .getMessage().contains("proxy must be an http:// URL"));
    }

    /** Found by a contract trial: these were taken by the builder and failed only when sent. */
    @Test
    void portZeroAndAContentLengthThatIsNoNumberAreRefusedByTheBuilder() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpRequest.builder("http://h:0/")).getMessage()
                .contains("port out of range"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpRequest.builder("http://h/")
                .header("content-length", "abc")).getMessage().contains("Content-Length"));
        assertThrows(IllegalArgumentException.class, () -> HttpRequest.builder("http://h/").header("Content-Length", "-1"));
        assertEquals("12", HttpRequest.builder("http://h/").header("Content-Length", " 12").build().headers()
                .firstValue("Content-Length").orElseThrow().strip());
    }

    /** Found by a contract trial: toString() gave the URL's password to whatever logged the request. */
    @Test
    void toStringLeavesTheUrlsCredentialsOut() {
        String text = HttpRequest.builder("http://user:s3cret@example.org/a?b=1").build().toString();
        assertEquals("GET http://example.org/a?b=1", text);
        HttpResponse response = new HttpResponse(200, "HTTP/1.1 200 OK", HttpHeaders.empty(), new byte[0],
                HttpHeaders.empty(), java.net.URI.create("http://user:s3cret@example.org/a"));
        assertEquals("HTTP/1.1 200 OK (http://example.org/a, 0 body bytes)", response.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpRequest.builder("http://user:s3cret@h:0/"));
        assertTrue(!e.getMessage().contains("s3cret"), e.getMessage());
    }
}
