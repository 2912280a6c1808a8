package io.copas.http.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the README's HTTP example against the JDK's server, and checks that README shows this very code. */
class HttpRequestExampleTest {

    @Test
    void readmeShowsTheCompiledExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/copas/http/examples/HttpRequestExample.java"));
        String example = source.substring(source.indexOf("// README-EXAMPLE-START") + "// README-EXAMPLE-START".length(),
                source.indexOf("// README-EXAMPLE-END"));
        String readme = Files.readString(Path.of("../../README.md"));
        assertTrue(stripped(readme).contains(stripped(example)), "README.md does not show HttpRequestExample's code");
    }

    private static String stripped(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readmeExampleRuns() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/hello", x -> respond(x, "hello".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/echo", x -> respond(x, x.getRequestBody().readAllBytes()));
        server.start();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            HttpRequestExample.main(new String[] {"http://127.0.0.1:" + server.getAddress().getPort()});
        } finally {
            System.setOut(original);
            server.stop(0);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("200 hello\nHTTP/1.1 200 OK: name=copas&lang=java\nHTTP/1.1 200 OK, 5 bytes; PoolStatistics["), out);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange x, byte[] body) throws java.io.IOException {
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }
}
