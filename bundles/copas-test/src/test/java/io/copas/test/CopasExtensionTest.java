package io.copas.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.SchedulerClock;
import io.copas.core.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The extension: what it injects, how it runs the test, and what it reports afterwards. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CopasExtensionTest {

    @Test
    void injectsASchedulerOnTheSystemClockByDefault() {
        TestExecutionSummary summary = run(Samples.SystemTime.class);
        assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
        assertSame(SchedulerClock.system(), Samples.SystemTime.clock);
        assertTrue(Samples.SystemTime.scheduler.exiting(), "closed after the test");
    }

    @Test
    void aClockParameterPutsTheSchedulerOnVirtualTime() {
        TestExecutionSummary summary = run(Samples.ClockParameter.class);
        assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
    }

    @Test
    void inTaskRunsTheBodyAsATaskAndReportsItsFailure() {
        TestExecutionSummary summary = run(Samples.InTask.class);
        assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
        assertEquals(1, summary.getTestsFailedCount());
        Throwable failure = summary.getFailures().get(0).getException();
        assertInstanceOf(AssertionError.class, failure);
        assertEquals("failed in the task", failure.getMessage());
    }

    @Test
    void leftoverTasksAndSocketsFailTheTestUnlessAllowed() {
        TestExecutionSummary summary = run(Samples.Leaks.class);
        assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
        assertEquals(2, summary.getTestsFailedCount());
        List<String> messages = new ArrayList<>();
        summary.getFailures().forEach(f -> messages.add(f.getException().getMessage()));
        assertTrue(messages.stream().anyMatch(m -> m.contains("leaked 1 task(s)") && m.contains("forgotten")), messages::toString);
        assertTrue(messages.stream().anyMatch(m -> m.contains("1 open socket(s)")), messages::toString);
    }

    private static TestExecutionSummary run(Class<?> samples) {
        Samples.enabled = true;
        try {
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(samples)).build(), listener);
            return listener.getSummary();
        } finally {
            Samples.enabled = false;
        }
    }

    private static String failures(TestExecutionSummary summary) {
        StringBuilder text = new StringBuilder();
        summary.getFailures().forEach(f -> text.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException()).append('\n'));
        return text.toString();
    }

    /** Tests run by the tests above through the launcher; they skip themselves when run directly. */
    static final class Samples {

        static volatile boolean enabled;

        private Samples() {
        }

        static void onlyThroughTheLauncher() {
            org.junit.jupiter.api.Assumptions.assumeTrue(enabled, "run by CopasExtensionTest");
        }

        @ExtendWith(CopasExtension.class)
        static class SystemTime {
            static Scheduler scheduler;
            static SchedulerClock clock;

            @Test
            void takesAScheduler(Scheduler given) {
                onlyThroughTheLauncher();
                scheduler = given;
                clock = given.clock();
                assertFalse(given.clock().isVirtual());
                given.loop(() -> Copas.pause(Duration.ofMillis(1)));
            }
        }

        static class ClockParameter {
            @CopasTest
            void takesSchedulerAndClock(Scheduler scheduler, VirtualClock clock) {
                onlyThroughTheLauncher();
                assertSame(clock, scheduler.clock());
                Task sleeper = scheduler.add(() -> Copas.pause(Duration.ofDays(365)));
                clock.advance(Duration.ofDays(365));
                assertTrue(sleeper.isDone());
            }
        }

        static class InTask {
            @CopasTest(inTask = true, virtualTime = true)
            void bodyIsATask(VirtualClock clock) {
                onlyThroughTheLauncher();
                assertEquals("test body", Copas.current().name());
                assertEquals(Duration.ofMinutes(5), clock.advance(Duration.ofMinutes(5)));
            }

            @CopasTest(inTask = true)
            void failureInTheBody() {
                onlyThroughTheLauncher();
                throw new AssertionError("failed in the task");
            }
        }

        static class Leaks {

            @CopasTest
            void leavesATask(Scheduler scheduler) {
                onlyThroughTheLauncher();
                scheduler.add("forgotten", () -> Copas.pause(Duration.ofDays(1)));
            }

            @CopasTest
            void leavesASocket(Scheduler scheduler) throws Exception {
                onlyThroughTheLauncher();
                scheduler.tcp();
            }

            @CopasTest(checkLeaks = false)
            void mayLeaveWhatItLikes(Scheduler scheduler) {
                onlyThroughTheLauncher();
                scheduler.add("allowed", () -> Copas.pause(Duration.ofDays(1)));
            }
        }
    }
}
