package io.copas.core;

/** Work that holds the loop for a while without yielding: what a busy or blocking task does to it. */
final class LoopWork {

    private LoopWork() {
    }

    /**
     * Keeps the calling thread busy for about {@code micros} (work, not synchronisation).
     *
     * @param micros how long
     */
    static void compute(long micros) {
        long end = System.nanoTime() + micros * 1_000;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
