package io.copas.core;

import static io.copas.core.TestSockets.listen;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Copas' Flight Recorder events are off by default, and recorded and readable when enabled. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlightRecorderTest {

    private static final List<String> EVENTS = List.of("io.copas.LoopStep", "io.copas.TaskRun",
            "io.copas.TaskLifecycle", "io.copas.SocketWaitTimeout");

    @Test
    void stepsTaskRunsLifecycleAndTimedOutWaitsAreRecorded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("copas.jfr");
        try (Recording recording = new Recording()) {
            for (String event : EVENTS) {
                recording.enable(event).withThreshold(Duration.ZERO);
            }
            recording.start();
            try (Scheduler scheduler = Scheduler.builder().name("jfr").build();
                    ServerSocketChannel silent = listen()) {
                scheduler.add("waits", () -> {
                    TcpSocket socket = Copas.scheduler().tcp();
                    socket.connect(silent.getLocalAddress());
                    socket.setTimeout(Duration.ofMillis(20));
                    try {
                        socket.receiveLine();
                    } catch (TransferTimeoutException expected) {
                        // recorded as a timed-out wait
                    } finally {
                        socket.close();
                    }
                });
                scheduler.loop();
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        for (String name : EVENTS) {
            assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals(name)
                    && "jfr".equals(e.getString("scheduler"))), name + " recorded");
        }
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.copas.SocketWaitTimeout")
                && "read".equals(e.getString("waitingFor")) && "waits".equals(e.getString("task"))));
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.copas.TaskLifecycle")
                && "end".equals(e.getString("phase")) && "waits".equals(e.getString("task"))));
    }

    @Test
    void eventsAreDisabledInJfrsDefaultSettings() {
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.loop(() -> Copas.pause(Duration.ZERO)); // registers the event types
        }
        for (jdk.jfr.EventType type : jdk.jfr.FlightRecorder.getFlightRecorder().getEventTypes()) {
            if (EVENTS.contains(type.getName())) {
                assertTrue(!type.isEnabled(), type.getName() + " must be off unless asked for");
            }
        }
    }
}
