package io.copas.smtp;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link Smtp#send} in a task of a fresh scheduler, next to a heartbeat task that proves the
 * loop keeps running while the send waits; returns what the send returned or threw.
 */
final class SmtpHarness {

    /** What a send ended with. */
    record Outcome(SmtpResult result, Throwable failure, int heartbeats) {

        SmtpResult ok() {
            if (failure != null) {
                throw new AssertionError("send failed", failure);
            }
            return result;
        }

        <T extends Throwable> T failed(Class<T> type) {
            if (!type.isInstance(failure)) {
                throw new AssertionError("expected " + type.getSimpleName() + ", got " + (failure == null ? result : failure), failure);
            }
            return type.cast(failure);
        }
    }

    private SmtpHarness() {
    }

    static Outcome send(SmtpRequest request) {
        Scheduler scheduler = Scheduler.create();
        SmtpResult[] result = new SmtpResult[1];
        Throwable[] failure = new Throwable[1];
        AtomicInteger beats = new AtomicInteger();
        boolean[] done = new boolean[1];
        scheduler.setDefaultErrorHandler((error, task, socket) -> failure[0] = error);
        scheduler.loop(() -> {
            scheduler.add("heartbeat", () -> {
                while (!done[0]) {
                    Copas.pause(Duration.ofMillis(5));
                    beats.incrementAndGet();
                }
            });
            try {
                result[0] = Smtp.send(request);
            } catch (Exception e) {
                failure[0] = e;
            } finally {
                done[0] = true;
            }
        });
        // ends the selector too: nothing of the scheduler outlives the test
        scheduler.close();
        return new Outcome(result[0], failure[0], beats.get());
    }
}
