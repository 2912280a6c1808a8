package io.copas.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.tls.TlsParameters;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The redirect matrix: each code, each scheme pair, relative and absolute, methods, limits, loops, credentials. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedirectTest {

    static JdkServer http;
    static JdkServer other;
    static JdkServer https;
    static TlsParameters trust;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.get();
        http = JdkServer.plain();
        other = JdkServer.plain();
        https = JdkServer.https(TestPki.server(pki.serverA).build().sslContext());
        trust = TlsParameters.builder().trustCertificates(pki.rootA.certificate()).build();
        for (JdkServer s : List.of(http, https)) {
            s.handle("/chain", x -> {
                int n = Integer.parseInt(JdkServer.param(x.getRequestURI(), "n"));
                x.getResponseHeaders().add("Location", n == 0 ? "/hello" : "/chain?n=" + (n - 1));
                JdkServer.reply(x, 302, "");
            });
            s.handle("/loopa", x -> {
                x.getResponseHeaders().add("Location", "/loopb");
                JdkServer.reply(x, 301, "");
            });
            s.handle("/loopb", x -> {
                x.getResponseHeaders().add("Location", "loopa");
                JdkServer.reply(x, 307, "");
            });
        }
        http.handle("/dropcreds", x -> { // with credentials: to the same URL without them
            if (x.getRequestHeaders().getFirst("Authorization") != null) {
                x.getResponseHeaders().add("Location", http.url("/dropcreds"));
                JdkServer.reply(x, 302, "");
            } else {
                JdkServer.reply(x, 200, "anonymous");
            }
        });
    }

    @AfterAll
    static void stop() {
        http.close();
        other.close();
        https.close();
    }

    static String redirect(JdkServer from, int code, String to) {
        return from.url("/redirect?code=" + code + "&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
    }

    static HttpResponse get(String url, RedirectPolicy policy) throws Exception {
        return Loops.run(() -> send(url, policy));
    }

    /** Inside a task. */
    static HttpResponse send(String url, RedirectPolicy policy) throws Exception {
        return Http.request(HttpRequest.builder(url).tls(trust).redirects(policy).build());
    }

    static Stream<Arguments> followed() {
        List<Arguments> all = new ArrayList<>();
        for (int code : new int[] {301, 302, 303, 307, 308}) {
            all.add(Arguments.of(code, "http", "http", true));
            all.add(Arguments.of(code, "http", "http", false));
            all.add(Arguments.of(code, "http", "https", true));
            all.add(Arguments.of(code, "https", "https", true));
            all.add(Arguments.of(code, "https", "https", false));
            all.add(Arguments.of(code, "https", "http", true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}, absolute {3}")
    @MethodSource("followed")
    void getFollowsEachRedirect(int code, String fromScheme, String toScheme, boolean absolute) throws Exception {
        JdkServer from = fromScheme.equals("http") ? http : https;
        JdkServer to = toScheme.equals("http") ? http : https;
        String target = absolute ? to.url("/hello") : "/hello";
        RedirectPolicy policy = fromScheme.equals("https") && toScheme.equals("http") ? RedirectPolicy.ALL : RedirectPolicy.SAFE;
        HttpResponse r = get(redirect(from, code, target), policy);
        assertEquals(200, r.statusCode());
        assertEquals("hello", r.bodyText());
        assertEquals(to.url("/hello"), r.uri().toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void httpsToHttpIsRefusedUnlessAllIsAsked(int code) {
        Exception e = Loops.failure(() -> send(redirect(https, code, http.url("/hello")), RedirectPolicy.SAFE));
        assertInstanceOf(HttpException.class, e);
        assertTrue(e.getMessage().contains("insecure redirect from https to http refused"), e::getMessage);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void headFollowsAsHead(int code) throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(redirect(http, code, "/echo")).method("HEAD").build()));
        assertEquals(200, r.statusCode());
        assertEquals("HEAD", r.headers().value("X-Method"));
    }

    @Test
    void see303TurnsAPostIntoAGetWithoutBody() throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(redirect(http, 303, "/echo"), "a=1"));
        assertEquals("GET", r.headers().value("X-Method"));
        assertEquals("(none)", r.headers().value("X-Got-Content-Type"), "the form went with the POST only");
        assertEquals(0, r.body().length);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 307, 308})
    void postIsNotRedirectedByOtherCodes(int code) throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(redirect(http, code, "/echo"), "a=1"));
        assertEquals(code, r.statusCode());
    }

    @Test
    void redirectsNoneReturnsTheRedirect() throws Exception {
        HttpResponse r = get(redirect(http, 302, "/hello"), RedirectPolicy.NONE);
        assertEquals(302, r.statusCode());
        assertEquals("/hello", r.headers().value("Location"));
    }

    @Test
    void fiveRedirectsAreFollowedBydefaultAndTheSixthFails() throws Exception {
        assertEquals("hello", get(http.url("/chain?n=4"), RedirectPolicy.SAFE).bodyText());
        Exception e = Loops.failure(() -> send(http.url("/chain?n=5"), RedirectPolicy.SAFE));
        assertInstanceOf(HttpException.class, e);
        assertTrue(e.getMessage().contains("too many redirects (more than 5)"), e::getMessage);
    }

    @Test
    void maxRedirectsIsHonouredAndCanBeUnlimited() throws Exception {
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(http.url("/chain?n=20"))
                .maxRedirects(HttpRequest.UNLIMITED_REDIRECTS).build()));
        assertEquals("hello", r.bodyText());
        Exception e = Loops.failure(() -> Http.request(HttpRequest.builder(http.url("/chain?n=2")).maxRedirects(2).build()));
        assertTrue(e.getMessage().contains("too many redirects (more than 2)"), e::getMessage);
    }

    @Test
    void aRedirectLoopEndsWithAClearError() {
        for (JdkServer s : List.of(http, https)) {
            Exception e = Loops.failure(() -> Http.request(HttpRequest.builder(s.url("/loopa")).tls(trust)
                    .maxRedirects(HttpRequest.UNLIMITED_REDIRECTS).build()));
            assertInstanceOf(HttpException.class, e);
            assertTrue(e.getMessage().startsWith("redirect loop: GET " + s.url("/loopa") + " -> GET " + s.url("/loopb")),
                    e::getMessage);
        }
    }

    @Test
    void aRefusedRedirectDoesNotShowTheCredentialsOfItsUrls() {
        String start = http.url("/loopa").replace("http://", "http://user:secret@");
        Exception e = Loops.failure(() -> Http.request(HttpRequest.builder(start)
                .maxRedirects(HttpRequest.UNLIMITED_REDIRECTS).build()));
        assertTrue(e.getMessage().startsWith("redirect loop: GET " + http.url("/loopa")), e::getMessage);
        assertFalse(e.getMessage().contains("secret"), e::getMessage);
    }

    @Test
    void aRedirectThatOnlyDropsTheCredentialsIsNoLoop() throws Exception {
        // loops are found on the URLs as sent; the messages show them without credentials
        String start = http.url("/dropcreds").replace("http://", "http://user:secret@");
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(start).build()));
        assertEquals(200, r.statusCode());
        assertEquals("anonymous", r.bodyText());
    }

    @Test
    void credentialsAndAuthorizationAreNotCarriedToAnotherHost() throws Exception {
        String start = redirect(http, 302, other.url("/echo")).replace("http://", "http://user:secret@");
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(start).header("Authorization", "Bearer t0ken").build()));
        assertEquals(200, r.statusCode());
        assertEquals("(none)", r.headers().value("X-Got-Authorization"));
    }

    @Test
    void credentialsStayOnTheSameOrigin() throws Exception {
        String start = redirect(http, 302, "/echo").replace("http://", "http://user:secret@");
        HttpResponse r = Loops.run(() -> Http.request(HttpRequest.builder(start).header("Authorization", "Bearer t0ken").build()));
        assertEquals("Bearer t0ken", r.headers().value("X-Got-Authorization"));
    }
}
