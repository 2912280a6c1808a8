package io.copas.core;

import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static io.copas.core.TestSockets.pauseUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** status() counts readers (servers included), writers, runnable, sleeping and suspended tasks and armed timeouts; status(true) adds windowed statistics. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StatusTest {

    @Test
    void countsEveryKindOfWait() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<SchedulerStatus> during = new AtomicReference<>();
            AtomicReference<SchedulerStatus> idle = new AtomicReference<>();
            // the server's handlers wait for the exit announcement: suspended
            scheduler.addServer(channel, socket -> Copas.waitForExit());
            idle.set(scheduler.status());
            scheduler.add("observer", () -> {
                Scheduler s = Copas.scheduler();
                TcpSocket readSide = s.tcp();
                readSide.connect(channel.getLocalAddress());
                readSide.setTimeout(Duration.ofSeconds(20));
                TcpSocket writeSide = s.tcp();
                writeSide.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
                writeSide.connect(channel.getLocalAddress());
                Task reader = s.add(() -> readSide.receiveLine()); // read + timeout
                Task writer = s.add(() -> writeSide.send(new byte[32 << 20])); // write, never read
                Task sleeper = s.add(() -> Copas.pause(Duration.ofSeconds(20))); // timer
                Task suspended = s.add(Copas::pauseForever); // inactive
                Task guarded = s.add(() -> { // inactive + timeout
                    Copas.timeout(Duration.ofSeconds(20), t -> { });
                    Copas.pauseForever();
                });
                pauseUntil(() -> reader.state() == TaskState.READING && writer.state() == TaskState.WRITING
                        && sleeper.state() == TaskState.SLEEPING && suspended.state() == TaskState.SUSPENDED
                        && guarded.state() == TaskState.SUSPENDED && s.tasks().size() == 8,
                        Duration.ofSeconds(10), "every task to settle");
                s.add(() -> { }); // runnable
                during.set(s.status());
                s.cancelAll();
            });
            assertFalse(idle.get().running());
            assertEquals(1, idle.get().read(), "a server counts as a reader");
            scheduler.loop();
            assertNoTaskErrors(errors);

            SchedulerStatus st = during.get();
            assertTrue(st.running());
            assertEquals(2, st.read(), "the server and the blocked reader");
            assertEquals(1, st.write());
            assertEquals(1, st.active(), "the task added just before");
            assertEquals(1, st.timer());
            assertEquals(4, st.inactive(), "pauseForever twice and two handlers in waitForExit");
            assertEquals(2, st.timeout(), "the reader's receive timeout and the user timeout");
            assertTrue(st.statistics().isEmpty());

            SchedulerStatus after = scheduler.status();
            assertFalse(after.running());
            assertEquals(new SchedulerStatus(false, 0, 0, 0, 0, 0, 0, 0, 0, after.statistics()), after);
        }
    }

    @Test
    void detailedStatisticsCoverTheStepsSinceTheLastCall() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<SchedulerStatus> enabling = new AtomicReference<>();
            AtomicReference<SchedulerStatus> window = new AtomicReference<>();
            AtomicReference<SchedulerStatus> immediate = new AtomicReference<>();
            AtomicReference<SchedulerStatus> disabling = new AtomicReference<>();
            AtomicReference<SchedulerStatus> disabled = new AtomicReference<>();
            scheduler.add(() -> {
                Scheduler s = Copas.scheduler();
                enabling.set(s.status(true));
                for (int i = 0; i < 5; i++) {
                    Copas.pause();
                }
                window.set(s.status());
                immediate.set(s.status());
                disabling.set(s.status(false));
                Copas.pause();
                Copas.pause();
                disabled.set(s.status());
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertTrue(enabling.get().statistics().isEmpty(), "status(true) only switches statistics on");
            SchedulerStatus.Statistics st = window.get().statistics().orElseThrow();
            assertTrue(st.steps() >= 5, "steps " + st.steps());
            assertTrue(st.timeEnd() >= st.timeStart());
            assertTrue(st.durationMinMillis() <= st.durationMaxMillis());
            assertTrue(st.durationMinEverMillis() <= st.durationMinMillis());
            assertTrue(st.durationMaxEverMillis() >= st.durationMaxMillis());
            assertEquals(st.durationTotalMillis() / st.steps(), st.durationAvgMillis(), 1e-6);
            assertTrue(st.timeAvgMillis() >= 0);
            assertTrue(immediate.get().statistics().isEmpty(), "no step since the previous call: no window");
            assertTrue(disabling.get().statistics().isEmpty());
            assertTrue(disabled.get().statistics().isEmpty(), "statistics are off");
        }
    }

    /** Found by a contract trial: upstream's status(true) with statistics on reports them; ours never did. */
    @Test
    void statusTrueWhileStatisticsAreOnReportsTheWindowAsUpstream() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicReference<SchedulerStatus> again = new AtomicReference<>();
            AtomicReference<SchedulerStatus> next = new AtomicReference<>();
            scheduler.add(() -> {
                Scheduler s = Copas.scheduler();
                s.status(true);
                Copas.pause();
                Copas.pause();
                again.set(s.status(true));
                Copas.pause();
                next.set(s.status(true));
            });
            scheduler.loop();
            SchedulerStatus.Statistics first = again.get().statistics().orElseThrow();
            assertTrue(first.steps() >= 2, "steps " + first.steps());
            SchedulerStatus.Statistics second = next.get().statistics().orElseThrow();
            assertTrue(second.steps() >= 1 && second.timeStart() >= first.timeEnd(), "a new window began");
            assertTrue(second.durationMinEverMillis() <= first.durationMinMillis(), "the 'ever' figures go on");
        }
    }

    @Test
    void builderCanEnableStatisticsFromTheStart() {
        try (Scheduler scheduler = Scheduler.builder().detailedStatistics(true).build()) {
            AtomicReference<SchedulerStatus> window = new AtomicReference<>();
            scheduler.add(() -> {
                Copas.pause();
                Copas.pause();
                window.set(Copas.scheduler().status());
            });
            scheduler.loop();
            assertTrue(window.get().statistics().orElseThrow().steps() >= 2);
        }
    }
}
