package io.copas.examples;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.sync.Queue;
import io.copas.sync.SyncException;
import java.util.Map;
import java.util.TreeMap;

/** A producer and a pool of workers sharing one queue. */
public final class Workers {

    private Workers() {
    }

    /**
     * Pushes the numbers 1 to {@code count} to a queue that {@code workers} worker tasks square
     * and add up. Call it from a task.
     *
     * @param count   how many numbers
     * @param workers how many workers
     * @param handled receives, per worker name, how many items it handled
     * @return the sum of the squares
     * @throws SyncException if the queue does not finish within its default timeout (10 s)
     */
    public static long sumOfSquares(int count, int workers, Map<String, Integer> handled) throws SyncException {
        // tag::workers[]
        Queue<Integer> jobs = Queue.create("jobs");
        long[] total = {0};
        for (int i = 0; i < workers; i++) {
            jobs.addWorker(n -> {                    // a task named jobs:worker_N
                Copas.pause();                       // a real job would wait for I/O here
                total[0] += (long) n * n;            // no lock: one task runs at a time
                handled.merge(Copas.current().name(), 1, Integer::sum);
            });
        }
        for (int n = 1; n <= count; n++) {
            jobs.push(n);                            // the producer never waits
        }
        jobs.finish();                               // every item handled, workers gone
        return total[0];
        // end::workers[]
    }

    /**
     * Prints the sum of the squares of 1 to 100 and which worker did how much.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Map<String, Integer> handled = new TreeMap<>();
        Scheduler scheduler = Scheduler.create();
        scheduler.loop(() -> System.out.println(sumOfSquares(100, 4, handled) + " " + handled));
        scheduler.close();
    }
}
