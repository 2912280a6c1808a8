package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copas' Flight Recorder events cost nothing in a JVM that never records: their classes stay
 * unloaded, so JFR's Java side is not initialized (it was, by the first loop step, costing over a
 * hundred classes and some 9 MB of resident memory). When the recorder starts with the JVM, the
 * events are recorded. Each case is a fresh child JVM, since a class once loaded stays loaded.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FlightRecorderStartupTest {

    @Test
    void aLoopWithoutARecorderLeavesTheFlightRecorderUninitialized(@TempDir Path dir) throws Exception {
        Path classLog = dir.resolve("classes.log");
        runChild(List.of("-Xlog:class+load=info:file=" + classLog));
        String loaded = Files.readString(classLog, StandardCharsets.UTF_8);
        assertTrue(loaded.contains("io.copas.core.internal.Flight "), "the hooks were passed");
        assertFalse(loaded.contains("io.copas.core.internal.jfr.FlightEvents"), "event classes loaded");
        assertFalse(loaded.contains("jdk.jfr.internal.MetadataRepository"), "JFR initialized");
    }

    @Test
    void eventsAreRecordedWhenTheRecorderStartsWithTheJvm(@TempDir Path dir) throws Exception {
        Path settings = dir.resolve("copas.jfc");
        StringBuilder jfc = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<configuration version=\"2.0\" label=\"copas\">\n");
        for (String event : List.of("io.copas.LoopStep", "io.copas.TaskRun", "io.copas.TaskLifecycle",
                "io.copas.SocketWaitTimeout")) {
            jfc.append("  <event name=\"").append(event).append("\">")
                    .append("<setting name=\"enabled\">true</setting>")
                    .append("<setting name=\"threshold\">0 ms</setting></event>\n");
        }
        Files.writeString(settings, jfc.append("</configuration>\n"));
        Path recording = dir.resolve("child.jfr");
        runChild(List.of("-XX:StartFlightRecording=settings=" + settings + ",filename=" + recording
                + ",dumponexit=true"));
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        for (String name : List.of("io.copas.LoopStep", "io.copas.TaskRun", "io.copas.TaskLifecycle")) {
            assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals(name)
                    && "child".equals(e.getString("scheduler"))), name + " recorded");
        }
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.copas.SocketWaitTimeout")
                && "waits".equals(e.getString("task"))), "the timed-out wait recorded");
    }

    /** Runs {@link FlightRecorderChild} on the default engine, with {@code jvmOptions}. */
    private static void runChild(List<String> jvmOptions) throws Exception {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dio.copas.engine=default");
        ChildJvm.run(options, FlightRecorderChild.class);
    }
}
