package io.copas.core.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * A task on its own virtual thread, handed the turn by the loop: a volatile turn flag with
 * park/unpark, whoever does not hold the turn parks. No lock, no allocation per switch.
 */
final class ParkingStrand implements Engine.Strand {

    private static final int LOOP = 0;
    private static final int TASK = 1;
    private static final int DONE = 2;

    private final Thread thread;
    private volatile int turn = LOOP;
    private Thread loopThread;
    private boolean started;

    ParkingStrand(Thread.Builder builder, Runnable body) {
        this.thread = builder.unstarted(() -> {
            try {
                body.run();
            } finally {
                turn = DONE;
                LockSupport.unpark(loopThread);
            }
        });
    }

    @Override
    public void resume() {
        loopThread = Thread.currentThread();
        turn = TASK;
        if (started) {
            LockSupport.unpark(thread);
        } else {
            started = true;
            thread.start();
        }
        awaitTurnOther(TASK);
    }

    @Override
    public void yieldToLoop() {
        turn = LOOP;
        LockSupport.unpark(loopThread);
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
