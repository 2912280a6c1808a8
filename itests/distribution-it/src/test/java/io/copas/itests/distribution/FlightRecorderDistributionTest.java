package io.copas.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manual's "Diagnosing a stuck loop": Copas' Flight Recorder events recorded from a running
 * distribution with {@code jcmd}. Regression: the recorded event classes call into
 * {@code jdk.jfr.internal.event}, which a bundle sees only through boot delegation; without it
 * every loop step failed with NoClassDefFoundError as soon as a recording enabled the events.
 */
class FlightRecorderDistributionTest {

    private static final Pattern DEMO_LINE = Pattern.compile("Copas echo demo listening on 127\\.0\\.0\\.1:(\\d+).*");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void copasEventsAreRecordedWithJcmdAndTheLoopGoesOn(@TempDir Path dir) throws Exception {
        try (RunningDistribution felix = RunningDistribution.start()) {
            Matcher demo = felix.awaitLine(DEMO_LINE);
            int port = Integer.parseInt(demo.group(1));
            assertTrue(jcmd(felix.pid(), "JFR.start", "name=copas", "+io.copas.TaskLifecycle#enabled=true",
                    "+io.copas.TaskRun#enabled=true", "+io.copas.TaskRun#threshold=0ms").contains("Started recording"));

            assertEquals("recorded", echo(port, "recorded"));
            assertEquals("twice", echo(port, "twice"));

            Path recording = dir.resolve("copas.jfr");
            jcmd(felix.pid(), "JFR.dump", "name=copas", "filename=" + recording);
            List<String> tasksStarted = new ArrayList<>();
            long runs = 0;
            for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
                String name = event.getEventType().getName();
                if (name.equals("io.copas.TaskLifecycle") && event.getString("phase").equals("start")) {
                    tasksStarted.add(event.getString("task"));
                } else if (name.equals("io.copas.TaskRun")) {
                    runs++;
                }
            }
            assertTrue(tasksStarted.size() >= 2, "a handler task per connection: " + tasksStarted);
            assertTrue(runs >= 2, "task runs recorded: " + runs);
            felix.stopWithStatusZero();
            assertFalse(felix.output().contains("NoClassDefFoundError"), felix.output());
        }
    }

    private static String echo(int port, String line) throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            return new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static String jcmd(long pid, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        command.addAll(List.of(arguments));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS), "jcmd did not end");
        assertEquals(0, jcmd.exitValue(), output);
        return output;
    }
}
