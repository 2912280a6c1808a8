package io.copas.examples;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.sync.Lock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A lock that keeps a two-part write together while its writer waits in between. */
public final class Locking {

    private Locking() {
    }

    /**
     * Two tasks each write a header and a body, pausing in between; the lock keeps each pair
     * together.
     *
     * @return the lines in the order written
     */
    public static List<String> pairs() {
        List<String> out = new ArrayList<>();
        Scheduler scheduler = Scheduler.create();
        scheduler.loop(() -> {
            // tag::lock[]
            Lock lock = Lock.create();
            for (String writer : List.of("a", "b")) {
                Copas.scheduler().add(() -> {
                    lock.get();                              // waits while the other holds it
                    try {
                        out.add(writer + ": header");
                        Copas.pause(Duration.ofMillis(10));  // other tasks run, but not this part
                        out.add(writer + ": body");
                    } finally {
                        lock.release();
                    }
                });
            }
            // end::lock[]
        });
        scheduler.close();
        return out;
    }
}
