package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.client.ClientUnavailableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scheduler.client on the module path without client modules: clear, immediate errors. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientLookupTest {

    @Test
    void absentClientFailsAtOnceNamingTheModuleToAdd() {
        try (Scheduler scheduler = Scheduler.create()) {
            ClientUnavailableException e = assertThrows(ClientUnavailableException.class,
                    () -> scheduler.client("HTTPS", Object.class));
            assertEquals("https", e.scheme());
            assertTrue(e.getMessage().contains("io.copas.http"), e.getMessage());
        }
    }

    @Test
    void unknownSchemeNamesTheKnownOnes() {
        try (Scheduler scheduler = Scheduler.create()) {
            ClientUnavailableException e = assertThrows(ClientUnavailableException.class,
                    () -> scheduler.client("gopher", Object.class));
            assertTrue(e.getMessage().contains("gopher") && e.getMessage().contains("smtp"), e.getMessage());
        }
    }

    @Test
    void boundedWaitFromATaskPausesOnlyThatTask() {
        try (Scheduler scheduler = Scheduler.create()) {
            boolean[] otherRan = new boolean[1];
            Throwable[] failure = new Throwable[1];
            scheduler.add(() -> {
                try {
                    Copas.scheduler().client("ftp", Object.class, Duration.ofMillis(200));
                } catch (ClientUnavailableException e) {
                    failure[0] = e;
                }
            });
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(20));
                otherRan[0] = true;
            });
            scheduler.loop();
            assertTrue(otherRan[0], "the loop went on while one task waited for a provider");
            assertTrue(failure[0] != null && failure[0].getMessage().contains("io.copas.ftp"), String.valueOf(failure[0]));
        }
    }
}
