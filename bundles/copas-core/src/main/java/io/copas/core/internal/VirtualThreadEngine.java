package io.copas.core.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * The default engine: public API only. Each task is a virtual thread; the loop runs on a
 * virtual thread too, since a virtual-to-virtual hand-off costs far less than a platform one.
 * The hand-off is a volatile turn flag with park/unpark: whoever does not hold the turn parks.
 */
final class VirtualThreadEngine implements Engine {

    static final String NAME = "default";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Strand newStrand(String name, Runnable body) {
        return new VirtualStrand(name, body);
    }

    @Override
    public void runLoop(String name, Runnable loopBody) {
        if (Thread.currentThread().isVirtual()) {
            loopBody.run();
            return;
        }
        Throwable[] failure = new Throwable[1];
        Thread loop = newLoopThread(name, () -> {
            try {
                loopBody.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        loop.start();
        boolean interrupted = false;
        while (true) {
            try {
                loop.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the loop must finish its step either way
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrow(failure[0]);
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public Thread newLoopThread(String name, Runnable loopBody) {
        return Thread.ofVirtual().name(name).unstarted(loopBody);
    }

    /** A task on its own virtual thread, handed the turn by the loop. */
    private static final class VirtualStrand implements Strand {

        private static final int LOOP = 0;
        private static final int TASK = 1;
        private static final int DONE = 2;

        private final Thread thread;
        private volatile int turn = LOOP;
        private Thread loopThread;
        private boolean started;

        VirtualStrand(String name, Runnable body) {
            this.thread = Thread.ofVirtual().name(name).unstarted(() -> {
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
            while (turn == TASK) {
                LockSupport.park(this);
            }
        }

        @Override
        public void yieldToLoop() {
            turn = LOOP;
            LockSupport.unpark(loopThread);
            while (turn != TASK) {
                LockSupport.park(this);
            }
        }

        @Override
        public boolean isDone() {
            return turn == DONE;
        }
    }
}
