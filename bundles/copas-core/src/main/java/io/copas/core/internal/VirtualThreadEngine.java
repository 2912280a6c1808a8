package io.copas.core.internal;

/**
 * The default engine: public API only. Each task is a virtual thread of the JDK's default
 * scheduler; the loop runs on a virtual thread too, since a virtual-to-virtual hand-off costs far
 * less than a platform one (see docs/decisions/0001).
 */
final class VirtualThreadEngine implements Engine {

    static final String NAME = "default";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Strand newStrand(String name, Runnable body) {
        return new ParkingStrand(Thread.ofVirtual().name(name), body);
    }

    @Override
    public void runLoop(String name, Runnable loopBody) {
        if (Thread.currentThread().isVirtual()) {
            JdkPoller.startFromVirtualThread();
            loopBody.run();
            return;
        }
        runAndJoin(Thread.ofVirtual().name(name), JdkPoller.startedBefore(loopBody));
    }

    @Override
    public Thread newLoopThread(String name, Runnable loopBody) {
        return Thread.ofVirtual().name(name).unstarted(JdkPoller.startedBefore(loopBody));
    }

    /**
     * Runs {@code body} on a new thread of {@code builder}, waits for it, and rethrows what it threw.
     *
     * @param builder makes the thread
     * @param body    the work
     */
    static void runAndJoin(Thread.Builder builder, Runnable body) {
        Throwable[] failure = new Throwable[1];
        Thread thread = builder.unstarted(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the loop must finish its step either way
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
    }
}
