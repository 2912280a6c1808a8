package io.copas.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README's quick start, as a user runs it: {@code java -jar distribution/target/copas-felix.jar}
 * starts Felix with the scheduler service and the echo demo, the printed port echoes, the Gogo
 * commands answer (copas:get fetches from a local HTTP peer), and {@code stop 0} ends it.
 */
class DistributionTest {

    private static final Pattern DEMO_LINE = Pattern.compile("Copas echo demo listening on 127\\.0\\.0\\.1:(\\d+).*");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void distributionStartsEchoesAnswersGogoAndStops() throws Exception {
        Path jar = Path.of(System.getProperty("copas.distribution.jar"));
        assertTrue(Files.isRegularFile(jar), "no distribution jar at " + jar);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process felix = new ProcessBuilder(List.of(java, "-jar", jar.toString())).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(felix.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception e) {
                lines.add("<<read failed: " + e + ">>");
            }
        });
        StringBuilder seen = new StringBuilder();
        try (PrintWriter shell = new PrintWriter(felix.getOutputStream(), true, StandardCharsets.UTF_8)) {
            Matcher demo = awaitLine(lines, seen, DEMO_LINE);
            int port = Integer.parseInt(demo.group(1));

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout(10_000);
                OutputStream out = client.getOutputStream();
                out.write("hello distribution\n".getBytes(StandardCharsets.UTF_8));
                String echoed = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertEquals("hello distribution", echoed);
            }

            shell.println("copas:status");
            awaitLine(lines, seen, Pattern.compile(".*scheduler copas \\(engine carrier\\).*"));
            shell.println("copas:tasks");
            awaitLine(lines, seen, Pattern.compile(".*\\d+ task\\(s\\).*"));
            try (ServerSocket http = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                Thread.ofPlatform().daemon().start(() -> answerOneHttpRequest(http));
                shell.println("copas:get http://127.0.0.1:" + http.getLocalPort() + "/");
                awaitLine(lines, seen, Pattern.compile(".*X-Demo: distribution.*"));
            }
            shell.println("stop 0");
            assertTrue(felix.waitFor(60, TimeUnit.SECONDS), "the framework did not stop:\n" + seen);
        } finally {
            felix.destroyForcibly();
            reader.join(10_000);
        }
    }

    /** Serves one request for {@code copas:get}: reads the head, answers, closes. */
    private static void answerOneHttpRequest(ServerSocket http) {
        try (Socket s = http.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // the request head
            }
            s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Demo: distribution\r\nConnection: close\r\n\r\nok"
                    .getBytes(StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
            // the test fails on the missing line
        }
    }

    private static Matcher awaitLine(BlockingQueue<String> lines, StringBuilder seen, Pattern pattern)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            seen.append(line).append('\n');
            Matcher m = pattern.matcher(line.replace("g! ", ""));
            if (m.matches()) {
                return m;
            }
        }
        throw new AssertionError("no line matching " + pattern + " in:\n" + seen);
    }
}
