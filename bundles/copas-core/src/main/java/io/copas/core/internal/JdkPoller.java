package io.copas.core.internal;

import java.io.IOException;
import java.nio.channels.Selector;

/**
 * Starts the JDK's poller, through which a virtual thread waits in a selector or a socket, before
 * a loop (a virtual thread under every engine) runs its first task.
 *
 * <p>Left to itself the JDK starts its poller at the first such wait, loading classes (its
 * threads' executor and factory) that break assumptions the JIT made in code it compiled earlier,
 * among it the code under every parked task. A parked task's frames are then deoptimized when it
 * wakes: tens of microseconds each, so 100,000 sleepers parked before the default engine's first
 * idle wait took twice the CPU to wake and fell seconds behind their timers; under the carrier
 * engine, whose loop waits without the poller, one task's blocking JDK socket call did the same
 * to the others. Started before any task runs, the poller has nothing of ours to invalidate. Once
 * per JVM; it costs one 1 ms wait.
 */
final class JdkPoller {

    private static volatile boolean started;

    private JdkPoller() {
    }

    /**
     * Returns a body that starts the poller, on its virtual thread, before {@code loopBody}: or
     * {@code loopBody} itself once the poller runs.
     *
     * @param loopBody the loop's work
     * @return what the loop's virtual thread should run
     */
    static Runnable startedBefore(Runnable loopBody) {
        if (started) {
            return loopBody;
        }
        return () -> {
            startFromVirtualThread();
            loopBody.run();
        };
    }

    /** Starts the poller if this virtual thread is the first to get here; nothing on a platform thread. */
    static void startFromVirtualThread() {
        if (started || !Thread.currentThread().isVirtual() || Thread.currentThread().isInterrupted()) {
            return; // an interrupted thread's select would return before reaching the poller
        }
        try (Selector nothingRegistered = Selector.open()) {
            nothingRegistered.select(1); // a timed wait of a virtual thread goes through the poller
            started = true;
        } catch (IOException e) {
            SchedulerImpl.LOG.log(System.Logger.Level.DEBUG, "could not start the JDK's poller ahead", e);
        }
    }
}
