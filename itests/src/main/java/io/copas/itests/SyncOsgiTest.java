package io.copas.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.sync.CopasFuture;
import io.copas.sync.Lock;
import io.copas.sync.Queue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** io.copas.sync in Felix: wired to core only, and its primitives work on the scheduler service. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SyncOsgiTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    @Test
    void syncBundleIsWiredToTheCoreBundleOnly() {
        Bundle sync = OsgiTesting.bundle(context, "io.copas.sync");
        assertEquals(Bundle.ACTIVE, sync.getState());
        BundleWiring wiring = sync.adapt(BundleWiring.class);
        Set<String> providers = wiring.getRequiredWires(null).stream()
                .map(BundleWire::getProvider).map(r -> r.getBundle().getSymbolicName())
                .filter(name -> !name.equals(context.getBundle(0).getSymbolicName()))
                .collect(Collectors.toSet());
        assertEquals(Set.of("io.copas.core"), providers);
    }

    @Test
    void queueWorkersAndALockRunOnTheSchedulerService() throws Exception {
        List<String> handled = scheduler.submit(() -> {
            List<String> seen = new ArrayList<>();
            Lock lock = Lock.create();
            Queue<String> queue = Queue.create("itest-queue");
            queue.addWorker(item -> {
                lock.get();
                try {
                    Copas.pause(Duration.ofMillis(1));
                    seen.add(item);
                } finally {
                    lock.release();
                }
            });
            queue.push("a");
            queue.push("b");
            queue.finish(Duration.ofSeconds(10), false);
            return seen;
        }).get(30, TimeUnit.SECONDS);
        assertEquals(List.of("a", "b"), handled);
    }

    @Test
    void aFutureCanBeAwaitedFromOutsideTheLoop() throws Exception {
        CopasFuture<Integer> answer = CopasFuture.add(scheduler, "itest-future", () -> {
            Copas.pause(Duration.ofMillis(1));
            return 42;
        });
        assertEquals(42, answer.completionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }

    @Test
    void aFutureOnTheServiceCanBeAwaitedByAnotherTaskOfIt() throws Exception {
        CopasFuture<String> answer = CopasFuture.add(scheduler, "itest-answer", () -> {
            Copas.pause(Duration.ofMillis(1));
            return "answered";
        });
        String got = scheduler.submit(() -> {
            assertEquals(scheduler, Copas.scheduler(), "a task's scheduler is the service object itself");
            return answer.get();
        }).get(30, TimeUnit.SECONDS);
        assertEquals("answered", got);
    }
}
