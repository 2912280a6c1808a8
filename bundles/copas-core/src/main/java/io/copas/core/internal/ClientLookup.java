package io.copas.core.internal;

import io.copas.core.Scheduler;
import io.copas.core.SchedulerClock;
import io.copas.core.client.ClientProvider;
import io.copas.core.client.ClientUnavailableException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link Scheduler#client(String, Class, Duration)} for one scheduler: finds the provider of a
 * scheme in the scheduler's {@link ClientRegistry}, waits for one to appear or to be created (a
 * task by pausing, never its loop; another thread by parking), and checks the client's type.
 */
final class ClientLookup {

    /** How often a wait for a client provider looks again. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long a task waits at most for a provider that is being created (DS's own lock timeout is 5 s). */
    private static final long ACTIVATION_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Scheduler scheduler;
    private volatile ClientRegistry registry = ServiceLoaderClientRegistry.INSTANCE;

    ClientLookup(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Looks in {@code registry} from now on. */
    void use(ClientRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Where the look-ups are made. */
    ClientRegistry registry() {
        return registry;
    }

    /** See {@link Scheduler#client(String, Class, Duration)}. */
    <T> T client(String scheme, Class<T> type, Duration wait) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(wait, "wait");
        String key = scheme.toLowerCase(Locale.ROOT);
        TaskImpl waiter = TaskImpl.current();
        // a task waits by its scheduler's clock (a virtual one too), as it pauses; another thread by the real one
        SchedulerClock time = waiter != null ? waiter.scheduler.clock : SystemClock.INSTANCE;
        long start = time.nanoTime();
        long deadline = start + Math.max(0, TaskImpl.saturatedNanos(wait));
        while (true) {
            ClientRegistry current = registry;
            // a task must not block its loop: a provider still to be created is waited for by pausing
            ClientProvider provider = waiter != null ? current.findWithoutBlocking(key) : current.find(key);
            boolean pending = provider == ClientRegistry.PENDING;
            Object client = provider == null || pending ? null : obtain(provider, key);
            if (client != null) {
                if (!type.isInstance(client)) {
                    throw new ClassCastException("the client for '" + key + "' is a "
                            + client.getClass().getName() + ", not a " + type.getName()
                            + " (from another revision of the bundle?)");
                }
                return type.cast(client);
            }
            long now = time.nanoTime();
            // a provider being created is there already: waited for beyond a short (or zero) wait
            boolean activating = pending && now - start < ACTIVATION_WAIT_NANOS;
            if (now - deadline >= 0 && !activating) {
                throw new ClientUnavailableException(key, current.absence(key));
            }
            if (waiter != null) {
                waiter.pause(Duration.ofNanos(POLL_NANOS)); // the task waits, never the loop
            } else {
                LockSupport.parkNanos(this, POLL_NANOS);
            }
        }
    }

    /**
     * The client of {@code provider}, or {@code null} when it has none to give right now: it was
     * stopped (it returns null), or its bundle revision went away while we asked (a hot swap:
     * its classes can no longer be loaded). Either way the caller looks again, or fails clearly.
     */
    private Object obtain(ClientProvider provider, String scheme) {
        try {
            return provider.client(scheme, scheduler);
        } catch (LinkageError revisionGone) {
            SchedulerImpl.LOG.log(System.Logger.Level.DEBUG, "the client provider for '" + scheme
                    + "' went away while asked", revisionGone);
            return null;
        }
    }
}
