package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.copas.core.Scheduler;
import io.copas.core.client.ClientProvider;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A provider that appears during a bounded wait is used; a wrong type is refused clearly. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientWaitTest {

    /** Serves "demo" from the given look-up on. */
    private static final class LateRegistry implements ClientRegistry {
        private final AtomicInteger lookups = new AtomicInteger();
        private final int appearsAt;

        LateRegistry(int appearsAt) {
            this.appearsAt = appearsAt;
        }

        @Override
        public ClientProvider find(String scheme) {
            if (lookups.incrementAndGet() < appearsAt || !scheme.equals("demo")) {
                return null;
            }
            return new ClientProvider() {
                @Override
                public Set<String> schemes() {
                    return Set.of("demo");
                }

                @Override
                public Object client(String s, Scheduler scheduler) {
                    return "client for " + s + " on " + scheduler.name();
                }
            };
        }

        @Override
        public String absence(String scheme) {
            return "not yet";
        }

        @Override
        public List<String> describe() {
            return List.of();
        }
    }

    @Test
    void providerAppearingDuringTheWaitIsUsed() {
        try (SchedulerImpl scheduler = new SchedulerImpl("late", "auto", false)) {
            scheduler.useClients(new LateRegistry(3));
            String[] client = new String[1];
            scheduler.add(() -> client[0] = io.copas.core.Copas.scheduler().client("DEMO", String.class,
                    Duration.ofSeconds(10)));
            scheduler.loop();
            assertEquals("client for demo on late", client[0]);
        }
    }

    @Test
    void clientOfAnotherTypeIsRefusedClearly() {
        try (SchedulerImpl scheduler = new SchedulerImpl("typed", "auto", false)) {
            scheduler.useClients(new LateRegistry(0));
            assertThrows(ClassCastException.class, () -> scheduler.client("demo", Integer.class));
        }
    }
}
