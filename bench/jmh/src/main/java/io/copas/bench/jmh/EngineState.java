package io.copas.bench.jmh;

import io.copas.core.Scheduler;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One scheduler per trial on the engine under test. Each benchmark invocation runs one
 * {@code scheduler.loop(init)} that does {@code OPS} operations inside the scheduler (the loop's
 * start and end, a few microseconds, are spread over them: {@code @OperationsPerInvocation}).
 *
 * <p>{@code engine} is overridden from the command line ({@code -p engine=default,carrier,...});
 * bench/jmh.sh passes the engines that start in this JVM.
 */
@State(Scope.Thread)
public class EngineState {

    /** Operations per benchmark invocation (one loop run). */
    public static final int OPS = 20_000;

    @Param({"default", "carrier"})
    public String engine;

    public Scheduler scheduler;

    @Setup(Level.Trial)
    public void createScheduler() {
        scheduler = newScheduler(engine);
    }

    /** A scheduler on {@code engine}; fails if the core picked another one. */
    static Scheduler newScheduler(String engine) {
        Scheduler scheduler = Scheduler.builder().name("jmh").engine(engine).build();
        if (!scheduler.engine().equals(engine)) {
            throw new IllegalStateException("asked for engine " + engine + ", got " + scheduler.engine());
        }
        return scheduler;
    }

    @TearDown(Level.Trial)
    public void closeScheduler() {
        scheduler.close();
    }
}
