package io.copas.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * README's quick start, as a user runs it: {@code java -jar distribution/target/copas-felix.jar}
 * starts Felix with the scheduler service and the echo demo, the printed port echoes, the Gogo
 * commands answer with their help texts (copas:get fetches from a local HTTP peer), and an orderly
 * stop ends it with exit status 0.
 */
class DistributionTest {

    private static final Pattern DEMO_LINE = Pattern.compile("Copas echo demo listening on 127\\.0\\.0\\.1:(\\d+).*");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void distributionStartsEchoesAnswersGogoAndStopsWithStatusZero() throws Exception {
        try (RunningDistribution felix = RunningDistribution.start()) {
            Matcher demo = felix.awaitLine(DEMO_LINE);
            int port = Integer.parseInt(demo.group(1));

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout(10_000);
                OutputStream out = client.getOutputStream();
                out.write("hello distribution\n".getBytes(StandardCharsets.UTF_8));
                String echoed = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertEquals("hello distribution", echoed);
            }

            felix.command("copas:status");
            felix.awaitLine(Pattern.compile(".*scheduler copas \\(engine carrier\\).*"));
            felix.awaitLine(Pattern.compile(".*watchdog 2000 ms.*")); // on by default in the distribution
            felix.command("copas:tasks");
            felix.awaitLine(Pattern.compile(".*\\d+ task\\(s\\).*"));
            try (ServerSocket http = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                Thread.ofPlatform().daemon().start(() -> answerOneHttpRequest(http));
                felix.command("copas:get http://127.0.0.1:" + http.getLocalPort() + "/");
                felix.awaitLine(Pattern.compile(".*X-Demo: distribution.*"));
            }
            felix.command("copas:clients");
            felix.awaitLine(Pattern.compile(".*io.copas.http: ACTIVE.*"));
            felix.stopWithStatusZero();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void commandTypedBeforeThePromptFindsTheCopasCommands() throws Exception {
        // the shell starts after every other bundle (one start level later), so a command typed
        // while the framework is still starting waits for the prompt and then finds copas:get,
        // whose component SCR registers only once it has started itself
        try (RunningDistribution felix = RunningDistribution.start()) {
            felix.command("help copas:get");
            Matcher help = felix.awaitLine(Pattern.compile(".*(scope: copas|No methods found).*"));
            assertEquals("scope: copas", help.group(1), felix::output);
            felix.stopWithStatusZero();
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

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void endOfShellInputStopsTheDistributionWithStatusZero() throws Exception {
        try (RunningDistribution felix = RunningDistribution.start()) {
            felix.awaitLine(DEMO_LINE);
            felix.closeShellInput(); // Ctrl-D
            assertEquals(0, felix.awaitExit(), () -> "exit status after Ctrl-D:\n" + felix.output());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void terminationSignalStopsTheFrameworkInOrderBeforeTheJvmEnds() throws Exception {
        try (RunningDistribution felix = RunningDistribution.start()) {
            felix.awaitLine(DEMO_LINE);
            // the shell starts last (start level 2): by its banner every component, the hook's too, is active
            felix.awaitLine(Pattern.compile(".*Welcome to Apache Felix Gogo.*"));
            felix.terminate();
            // printed by the demo's deactivation: the framework stopped its bundles before the JVM ended
            felix.awaitLine(Pattern.compile("Copas echo demo stopped"));
            int status = felix.awaitExit();
            if (!System.getProperty("os.name").startsWith("Windows")) {
                assertEquals(128 + 15, status, () -> "exit status after SIGTERM:\n" + felix.output());
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void helpCopasListsTheCommandsWithTheirDescriptions() throws Exception {
        try (RunningDistribution felix = RunningDistribution.start()) {
            felix.awaitLine(DEMO_LINE);
            felix.command("help copas");
            felix.awaitLine(Pattern.compile(".*lists the Copas commands: copas:status \\(.+\\), copas:tasks \\(.+\\).*"));
            felix.command("help copas:status");
            felix.awaitLine(Pattern.compile(".*status - the scheduler's name, engine, task and socket counts.*"));
            felix.command("help copas:tasks");
            felix.awaitLine(Pattern.compile(".*tasks - one line per live task of the scheduler.*"));
            felix.command("copas");
            felix.awaitLine(Pattern.compile(".*copas:tasks +one line per live task.*"));
            felix.stopWithStatusZero();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void continuationEngineRunsInTheDistributionWhenAskedFor() throws Exception {
        // the distribution grants jdk.internal.vm twice, as it must in a framework: Add-Exports in
        // the jar's manifest (JVM) and org.osgi.framework.bootdelegation (framework)
        try (RunningDistribution felix = RunningDistribution.start("-Dio.copas.engine=continuation")) {
            felix.awaitLine(DEMO_LINE);
            felix.command("copas:status");
            felix.awaitLine(Pattern.compile(".*scheduler copas \\(engine continuation\\).*"));
            felix.stopWithStatusZero();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void updateOfACarriedBundleWithoutUrlSucceeds() throws Exception {
        try (RunningDistribution felix = RunningDistribution.start()) {
            felix.awaitLine(DEMO_LINE);
            // the distribution's update command (bundle 2, the demo) is registered
            felix.awaitCommandOutput("echo (inspect capability service 2)", Pattern.compile(".*UpdateCommand.*"));
            felix.command("update 1 ; echo update-done");
            felix.awaitLine(Pattern.compile("update-done"));
            felix.command("lb");
            felix.awaitLine(Pattern.compile(" *1\\|Active +\\|.*Copas for Java :: Core.*"));
            felix.command("copas:status");
            felix.awaitLine(Pattern.compile(".*scheduler copas \\(engine carrier\\).*"));
            felix.stopWithStatusZero();
            String output = felix.output();
            assertFalse(output.contains("Exception"), output);
        }
    }
}
