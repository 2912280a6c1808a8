package io.copas.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * The JDK's com.sun.net.httpserver on 127.0.0.1 (plain or https), with the handlers the tests
 * share: {@code /hello}, {@code /echo} (body back, request facts in X- headers),
 * {@code /redirect?code=N&to=URL}, {@code /status?code=N}.
 */
final class JdkServer implements AutoCloseable {

    final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String scheme;

    private JdkServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(executor);
        server.createContext("/hello", x -> reply(x, 200, "hello"));
        server.createContext("/echo", JdkServer::echo);
        server.createContext("/redirect", x -> {
            String code = param(x.getRequestURI(), "code");
            x.getResponseHeaders().add("Location", param(x.getRequestURI(), "to"));
            reply(x, Integer.parseInt(code), "moved");
        });
        server.createContext("/status", x -> {
            int code = Integer.parseInt(param(x.getRequestURI(), "code"));
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(code, -1);
            x.close();
        });
        server.start();
    }

    static JdkServer plain() throws IOException {
        return new JdkServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50), "http");
    }

    static JdkServer https(SSLContext context) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.setHttpsConfigurator(new HttpsConfigurator(context));
        return new JdkServer(s, "https");
    }

    /** Adds a handler. */
    JdkServer handle(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A URL on this server, host 127.0.0.1. */
    String url(String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    /** A URL on this server, host localhost (for certificate names). */
    String localhostUrl(String path) {
        return scheme + "://localhost:" + port() + path;
    }

    static void reply(HttpExchange x, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getRequestBody().readAllBytes();
        x.sendResponseHeaders(code, x.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            if (!x.getRequestMethod().equals("HEAD")) {
                out.write(bytes);
            }
        }
    }

    private static void echo(HttpExchange x) throws IOException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        var h = x.getResponseHeaders();
        h.add("X-Method", x.getRequestMethod());
        h.add("X-Uri", x.getRequestURI().toString());
        for (String name : new String[] {"Content-Length", "Transfer-Encoding", "Content-Type", "Authorization",
            "User-Agent", "Host", "Expect", "Connection", "Proxy-Authorization"}) {
            String v = x.getRequestHeaders().getFirst(name);
            h.add("X-Got-" + name, v == null ? "(none)" : v);
        }
        x.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    static String param(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + uri);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
