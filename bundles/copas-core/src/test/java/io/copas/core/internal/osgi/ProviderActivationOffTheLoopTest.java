package io.copas.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.client.ClientProvider;
import io.copas.core.internal.SchedulerImpl;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * A task's first lookup of a client activates the provider's (delayed) DS component. That takes
 * SCR's and the framework's locks, which a bundle being refreshed may hold while it waits for the
 * requests on the loop to drain: the lookup once blocked the loop in getService() there, and a hot
 * swap under load hung its refresh. The activation now runs on another thread while the task waits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProviderActivationOffTheLoopTest {

    /** A provider of "demo" whose client is {@code client}. */
    private static ClientProvider demoProvider(String client) {
        return new ClientProvider() {
            @Override
            public Set<String> schemes() {
                return Set.of("demo");
            }

            @Override
            public Object client(String scheme, Scheduler scheduler) {
                return client;
            }
        };
    }

    /** The framework's side, all but the activation itself: nothing to release, no reference. */
    private abstract static class FrameworkStub implements ComponentServiceObjects<ClientProvider> {
        @Override
        public void ungetService(ClientProvider service) {
        }

        @Override
        public ServiceReference<ClientProvider> getServiceReference() {
            return null;
        }
    }

    /** The framework's side: a getService() that returns only once the loop has moved on meanwhile. */
    private static final class SlowActivation extends FrameworkStub {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch loopMoved = new CountDownLatch(1);
        final AtomicBoolean loopMovedWhileActivating = new AtomicBoolean();

        @Override
        public ClientProvider getService() {
            entered.countDown();
            try {
                loopMovedWhileActivating.set(loopMoved.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return demoProvider("demo client");
        }
    }

    /** The framework's side at its quickest: the component is there at once. */
    private static final class QuickActivation extends FrameworkStub {
        @Override
        public ClientProvider getService() {
            return demoProvider("quick client");
        }
    }

    /** The framework's side when the component's activation throws (its activate method failed). */
    private static final class FailingActivation extends FrameworkStub {
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public ClientProvider getService() {
            attempts.incrementAndGet();
            throw new IllegalStateException("activate failed");
        }
    }

    /**
     * An activation that threw used to leave its provider neither obtained nor refused: every poll
     * of the waiting task started another activation thread, for the whole wait, and then failed.
     */
    @Test
    void anActivationThatThrowsIsNotRetriedByTheWaitingLookUp() {
        FailingActivation framework = new FailingActivation();
        OsgiClientRegistry registry = new OsgiClientRegistry(null);
        registry.bind(framework, Map.of(ClientProvider.SCHEMES_PROPERTY, "demo", Constants.SERVICE_ID, 3L));
        Throwable[] failure = new Throwable[1];
        try (SchedulerImpl scheduler = new SchedulerImpl("failing", "auto", false) {
            {
                useClients(registry);
            }
        }) {
            scheduler.add(() -> {
                try {
                    Copas.scheduler().client("demo", String.class);
                } catch (RuntimeException e) {
                    failure[0] = e;
                }
            });
            scheduler.loop();
        }
        assertNotNull(failure[0], "the look-up must fail: its only provider cannot be activated");
        assertEquals(1, framework.attempts.get(), "activations started");
    }

    /**
     * An activation that ended between the task's look-up and its question "is one under way?"
     * once made a zero-wait look-up fail with "registers no client provider" (ClientLookupOsgiTest
     * in CI): the look-up itself now says that the provider is pending.
     */
    @Test
    void aZeroWaitLookUpGetsAProviderWhoseActivationEndsAtOnce() {
        for (int i = 0; i < 100; i++) {
            OsgiClientRegistry registry = new OsgiClientRegistry(null);
            registry.bind(new QuickActivation(), Map.of(ClientProvider.SCHEMES_PROPERTY, "demo", Constants.SERVICE_ID, 1L));
            String[] client = new String[1];
            try (SchedulerImpl scheduler = new SchedulerImpl("quick", "auto", false) {
                {
                    useClients(registry);
                }
            }) {
                scheduler.add(() -> client[0] = Copas.scheduler().client("demo", String.class));
                scheduler.loop();
            }
            assertEquals("quick client", client[0], "look-up " + i);
        }
    }

    @Test
    void aProviderIsActivatedOffTheLoopWhileTheTaskWaits() {
        SlowActivation framework = new SlowActivation();
        OsgiClientRegistry registry = new OsgiClientRegistry(null);
        registry.bind(framework, Map.of(ClientProvider.SCHEMES_PROPERTY, "demo", Constants.SERVICE_ID, 7L));
        String[] client = new String[1];
        try (SchedulerImpl scheduler = new SchedulerImpl("activation", "auto", false) {
            {
                useClients(registry);
            }
        }) {
            scheduler.add(() -> client[0] = Copas.scheduler().client("demo", String.class));
            scheduler.add(() -> {
                while (framework.entered.getCount() > 0) {
                    Copas.pause(Duration.ofMillis(1)); // until the activation is under way
                }
                framework.loopMoved.countDown(); // this task ran during the activation
            });
            scheduler.loop();
        }
        assertTrue(framework.loopMovedWhileActivating.get(), "the loop was held while the provider was activated");
        assertEquals("demo client", client[0], "a zero wait still waits for a provider being activated");
    }
}
