package io.copas.core.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * A task on its own virtual thread, handed the turn by the loop: a volatile turn flag with
 * park/unpark, whoever does not hold the turn parks. No lock, no allocation per switch.
 *
 * <p>Within a step the loop may let the tasks pass the turn straight to each other (a
 * {@link Baton}): a task that yields picks the next one itself, on the loop's behalf, and only the
 * last of the chain wakes the loop. One virtual-thread switch per Copas switch instead of two
 * (task to loop, loop to task); docs/decisions/0015.
 */
final class ParkingStrand implements Engine.Strand, Runnable {

    private static final int LOOP = 0;
    private static final int TASK = 1;
    private static final int DONE = 2;

    /**
     * A chain of hand-offs in one step: the loop waits until the chain gives the turn back.
     * Reused for every chain of its loop: no allocation per step.
     */
    static final class Baton {
        private final HandOff handOff;
        private volatile boolean loopHolds = true;
        private Thread loop;

        Baton(HandOff handOff) {
            this.handOff = handOff;
        }
    }

    /** The loop's side of a hand-off, run on the yielding task's thread while the loop waits. */
    @FunctionalInterface
    interface HandOff {
        /**
         * Ends the run of the task that yields and picks the next one of the step.
         *
         * @return the next task's strand, its run begun, or {@code null} to give the turn back to the loop
         */
        ParkingStrand next();
    }

    private final Thread thread;
    private final Runnable body;
    private volatile int turn = LOOP;
    private Thread loopThread;
    private boolean started;
    /** The chain this strand runs in, while it holds the turn in one. */
    private Baton baton;

    ParkingStrand(Thread.Builder builder, Runnable body) {
        this.body = body;
        this.thread = builder.unstarted(this); // the strand is its thread's body: no lambda per task
    }

    /** The thread's body: the task, then the turn goes back to whoever waits for it. */
    @Override
    public void run() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("a strand runs only on its own thread");
        }
        try {
            body.run();
        } finally {
            Baton chain = baton;
            baton = null;
            turn = DONE;
            if (chain != null) {
                giveBack(chain);
            } else {
                LockSupport.unpark(loopThread);
            }
        }
    }

    @Override
    public void resume() {
        loopThread = Thread.currentThread();
        turn = TASK;
        startOrUnpark();
        awaitTurnOther(TASK);
    }

    /**
     * Runs this strand, and whatever it hands the turn to, until the chain gives the turn back.
     *
     * @param chain the loop's baton
     */
    void resume(Baton chain) {
        chain.loop = Thread.currentThread();
        chain.loopHolds = false;
        take(chain);
        boolean interrupted = Thread.interrupted();
        while (!chain.loopHolds) {
            LockSupport.park(chain);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** This strand holds the turn now, in {@code chain}. */
    private void take(Baton chain) {
        baton = chain;
        loopThread = chain.loop;
        turn = TASK; // volatile: publishes the two fields above, and the loop's state, to this strand
        startOrUnpark();
    }

    private void startOrUnpark() {
        if (started) {
            LockSupport.unpark(thread);
        } else {
            started = true;
            thread.start();
        }
    }

    private static void giveBack(Baton chain) {
        chain.loopHolds = true;
        LockSupport.unpark(chain.loop);
    }

    @Override
    public void yieldToLoop() {
        Baton chain = baton;
        baton = null;
        turn = LOOP;
        if (chain == null) {
            LockSupport.unpark(loopThread);
        } else {
            ParkingStrand next;
            try {
                next = chain.handOff.next();
            } catch (RuntimeException | Error e) {
                // the loop's bookkeeping failed here: the loop must get the turn back, or it waits forever
                SchedulerImpl.LOG.log(System.Logger.Level.ERROR, "a hand-off to the next task failed", e);
                next = null;
            }
            if (next != null) {
                next.take(chain);
            } else {
                giveBack(chain);
            }
        }
        boolean interrupted = Thread.interrupted(); // park returns at once while interrupted
        while (turn != TASK) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // the task's own interrupt status is kept
        }
    }

    /** Parks the loop while the turn is {@code held}, keeping its interrupt status without spinning. */
    private void awaitTurnOther(int held) {
        boolean interrupted = Thread.interrupted();
        while (turn == held) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    public boolean isDone() {
        return turn == DONE;
    }
}
