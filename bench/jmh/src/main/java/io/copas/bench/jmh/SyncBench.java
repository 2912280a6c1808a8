package io.copas.bench.jmh;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.sync.Lock;
import io.copas.sync.Queue;
import io.copas.sync.Semaphore;
import io.copas.sync.Timer;
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
 * io.copas.sync hand-overs between two tasks, ns per operation (default timeouts, so every wait
 * arms and cancels its timer, as in real use):
 * <ul>
 * <li>{@code lockHandOver}: both tasks loop get / {@code Copas.pause()} / release; an operation
 *     is one acquisition, each of which waited for the other task's release (so it includes the
 *     holder's pause).</li>
 * <li>{@code semaphorePingPong}: two semaphores (max 1, start 0); A gives one and takes the
 *     other, B the reverse; an operation is one give that hands the permit to a waiting taker.</li>
 * <li>{@code queuePingPong}: two queues; A pushes to one and pops the other, B the reverse; an
 *     operation is one item handed to a waiting pop.</li>
 * <li>{@code timerArmCancel}: one task arms an io.copas.sync Timer (a new task sleeping for 60 s)
 *     and cancels it; an operation is one arm plus one cancel, including the end of the timer's
 *     task.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"})
public class SyncBench {

    static final int OPS = EngineState.OPS;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void lockHandOver(EngineState s) {
        s.scheduler.loop(() -> {
            Scheduler self = Copas.scheduler();
            Lock lock = Lock.create();
            for (int t = 0; t < 2; t++) {
                self.add(() -> {
                    for (int i = 0; i < OPS / 2; i++) {
                        lock.get();
                        Copas.pause();
                        lock.release();
                    }
                });
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void semaphorePingPong(EngineState s) {
        s.scheduler.loop(() -> {
            Scheduler self = Copas.scheduler();
            Semaphore toA = Semaphore.create(1, 0, null);
            Semaphore toB = Semaphore.create(1, 0, null);
            self.add(() -> {
                for (int i = 0; i < OPS / 2; i++) {
                    toB.give();
                    toA.take();
                }
            });
            self.add(() -> {
                for (int i = 0; i < OPS / 2; i++) {
                    toB.take();
                    toA.give();
                }
            });
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void queuePingPong(EngineState s) {
        s.scheduler.loop(() -> {
            Scheduler self = Copas.scheduler();
            Queue<Integer> toA = Queue.create();
            Queue<Integer> toB = Queue.create();
            Integer item = 42;
            self.add(() -> {
                for (int i = 0; i < OPS / 2; i++) {
                    toB.push(item);
                    toA.pop();
                }
            });
            self.add(() -> {
                for (int i = 0; i < OPS / 2; i++) {
                    toA.push(toB.pop());
                }
            });
        });
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void timerArmCancel(EngineState s) {
        s.scheduler.loop(() -> {
            Timer<Void> timer = Timer.<Void>builder(Duration.ofSeconds(60), (t, p) -> { }).build();
            timer.cancel();
            for (int i = 0; i < OPS; i++) {
                timer.arm();
                timer.cancel();
            }
        });
    }
}
