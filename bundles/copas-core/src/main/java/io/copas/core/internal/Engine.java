package io.copas.core.internal;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * Switches control between a scheduler's loop and its tasks. Exactly one of them runs at a time:
 * the loop calls {@link Strand#resume()} and gets control back when the task calls
 * {@link Strand#yieldToLoop()} or ends.
 */
public interface Engine {

    /**
     * The engine's name, as given in configuration.
     *
     * @return the name
     */
    String name();

    /**
     * Creates the execution context of a task; {@code body} starts on the first resume.
     *
     * @param name the task's name (for thread dumps)
     * @param body the task's code; it must not throw
     * @return the strand
     */
    Strand newStrand(String name, Runnable body);

    /**
     * Runs {@code loopBody} in the engine's loop context and returns when it ends. Called from
     * any thread; may run it on another thread and wait.
     *
     * @param name     the loop's name (for thread dumps)
     * @param loopBody the loop's work
     */
    void runLoop(String name, Runnable loopBody);

    /**
     * Creates (unstarted) the thread that runs a scheduler in service mode.
     *
     * @param name     the thread's name
     * @param loopBody the loop's work
     * @return the thread
     */
    Thread newLoopThread(String name, Runnable loopBody);

    /**
     * The loop's blocking wait for readiness: {@code selector.select(action, millis)}, called on
     * the loop's thread. An engine whose loop is a virtual thread on a carrier it owns may do the
     * wait on that carrier instead (see {@link CarrierEngine}).
     *
     * @param selector the loop's selector
     * @param action   called for each ready key, on the loop's thread
     * @param millis   the longest wait, {@code 0} for no limit
     * @return the number of keys the action was called for
     * @throws IOException if the selector fails
     */
    default int select(Selector selector, Consumer<SelectionKey> action, long millis) throws IOException {
        return selector.select(action, millis);
    }

    /**
     * Where this engine's tasks find the running task without a thread-local, or {@code null}
     * when they need one ({@link TaskImpl#current()}).
     *
     * @return the slot, or {@code null}
     */
    default CarrierExecutor runningTaskSlot() {
        return null;
    }

    /** One task's execution context. */
    interface Strand {

        /** From the loop: runs the task until it yields or ends. */
        void resume();

        /** From the task: hands control back to the loop and returns when resumed. */
        void yieldToLoop();

        /**
         * Whether the task's code has ended.
         *
         * @return {@code true} when ended
         */
        boolean isDone();

        /**
         * Whether the task runs on the loop's own thread (so the loop must tell the thread which
         * task it is running) rather than on a thread of its own.
         *
         * @return {@code true} for continuation-style strands
         */
        default boolean sharesLoopThread() {
            return false;
        }

        /**
         * The thread the task's code runs on, for stack samples.
         *
         * @return the thread, or {@code null} when the task runs on the loop's thread
         */
        default Thread thread() {
            return null;
        }
    }
}
