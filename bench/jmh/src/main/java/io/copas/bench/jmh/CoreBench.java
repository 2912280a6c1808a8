package io.copas.bench.jmh;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Core hand-offs, ns per operation:
 * <ul>
 * <li>{@code pausePingPong}: two tasks loop {@code Copas.pause()}; an operation is one pause
 *     (one switch away from a task and back to the other).</li>
 * <li>{@code wakeSuspended}: task A wakes task B, which waits in {@code Copas.pauseForever()},
 *     then waits itself until B wakes it; an operation is one wake-up of a suspended task.</li>
 * <li>{@code wakeSuspendedTimed}: the same with {@code Copas.suspend(timeout)}, which arms and
 *     cancels a timer per wait (what locks, semaphores and queues use).</li>
 * <li>{@code timeoutSetCancel}: one task sets {@code Copas.timeout} and cancels it; an operation
 *     is one set plus one cancel, with no switch.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"})
public class CoreBench {

    static final int OPS = EngineState.OPS;
    private static final Duration LONG = Duration.ofSeconds(60);

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void pausePingPong(EngineState s) {
        s.scheduler.loop(() -> {
            Scheduler self = Copas.scheduler();
            for (int t = 0; t < 2; t++) {
                self.add(() -> {
                    for (int i = 0; i < OPS / 2; i++) {
                        Copas.pause();
                    }
                });
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void wakeSuspended(EngineState s) {
        wakePingPong(s.scheduler, false);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void wakeSuspendedTimed(EngineState s) {
        wakePingPong(s.scheduler, true);
    }

    private static void wait(boolean timed) {
        if (timed) {
            Copas.suspend(LONG);
        } else {
            Copas.pauseForever();
        }
    }

    /** A wakes B and waits, B (woken) wakes A and waits: OPS wake-ups in all. */
    private static void wakePingPong(Scheduler scheduler, boolean timed) {
        scheduler.loop(() -> {
            Scheduler self = Copas.scheduler();
            Task[] b = new Task[1];
            Task a = self.add(() -> {
                Copas.pause(); // B runs first and waits
                for (int i = 0; i < OPS / 2; i++) {
                    Copas.wakeup(b[0]);
                    wait(timed);
                }
            });
            b[0] = self.add(() -> {
                for (int i = 0; i < OPS / 2; i++) {
                    wait(timed);
                    Copas.wakeup(a);
                }
            });
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void timeoutSetCancel(EngineState s) {
        s.scheduler.loop(() -> {
            for (int i = 0; i < OPS; i++) {
                Copas.timeout(LONG, task -> { });
                Copas.cancelTimeout();
            }
        });
    }
}
