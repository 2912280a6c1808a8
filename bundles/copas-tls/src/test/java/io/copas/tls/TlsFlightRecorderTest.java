package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TLS handshake's Flight Recorder event: off by default; recorded with peer, side, agreement or failure. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsFlightRecorderTest {

    private static final String EVENT = "io.copas.TlsHandshake";
    private static final Duration T = Duration.ofSeconds(10);
    private final TestPki pki = TestPki.get();

    @Test
    void handshakesAreRecordedBothSidesWithTheirAgreementOrTheirFailure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tls.jfr");
        int port;
        try (Recording recording = new Recording()) {
            recording.enable(EVENT).withThreshold(Duration.ZERO);
            recording.start();
            try (TlsHarness h = new TlsHarness()) {
                h.serve(TestPki.server(pki.serverA).build(), tls -> tls.send(tls.receiveLine() + "\n"));
                port = h.port();
                h.client("trusting", () -> {
                    try (TlsSocket tls = Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T)) {
                        tls.send("hello\n");
                        assertEquals("hello", tls.receiveLine());
                    }
                });
                h.client("distrusting", () -> assertThrows(SSLHandshakeException.class,
                        () -> Tls.connect("127.0.0.1", port, TestPki.client(pki.rootB.certificate()).build(), T)));
                h.run();
                h.errorsOf("trusting").forEach(e -> {
                    throw new AssertionError(e);
                });
                h.errorsOf("distrusting").forEach(e -> {
                    throw new AssertionError(e);
                });
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(EVENT)).toList();

        RecordedEvent agreed = events.stream().filter(e -> e.getBoolean("client") && e.getBoolean("success"))
                .findFirst().orElseThrow(() -> new AssertionError("no successful client handshake in " + events));
        assertEquals("TLSv1.3", agreed.getString("protocol"));
        assertNotNull(agreed.getString("cipherSuite"));
        assertEquals(port, agreed.getInt("peerPort"));
        assertNotNull(agreed.getString("peerHost"));
        assertNull(agreed.getString("failure"));
        assertFalse(agreed.getDuration().isNegative());

        assertTrue(events.stream().anyMatch(e -> !e.getBoolean("client") && e.getBoolean("success")
                && e.getInt("peerPort") > 0), "server side recorded: " + events);

        RecordedEvent refused = events.stream().filter(e -> e.getBoolean("client") && !e.getBoolean("success"))
                .findFirst().orElseThrow(() -> new AssertionError("no failed client handshake in " + events));
        assertNotNull(refused.getString("failure"));
        assertNull(refused.getString("protocol"));
    }

    @Test
    void theEventIsDisabledInJfrsDefaultSettings() throws Exception {
        try (TlsHarness h = new TlsHarness()) { // one handshake registers the event type
            h.serve(TestPki.server(pki.serverA).build(), tls -> tls.send(tls.receiveLine() + "\n"));
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T)) {
                    tls.send("x\n");
                    tls.receiveLine();
                }
                Copas.pause(Duration.ZERO);
            }).run();
            h.assertNoErrors();
        }
        for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
            if (type.getName().equals(EVENT)) {
                assertFalse(type.isEnabled(), EVENT + " must be off unless asked for");
            }
        }
    }
}
