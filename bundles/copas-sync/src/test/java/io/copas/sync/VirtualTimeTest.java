package io.copas.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.test.CopasTest;
import io.copas.test.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Timers and timeouts of hours and days in virtual time, through io.copas.test's extension: a
 * day of a minute timer is exactly 1440 firings at exact minutes, in milliseconds of real time.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VirtualTimeTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @CopasTest(virtualTime = true)
    void aTimerEveryMinuteFires1440TimesInADayAtExactMinutes(Scheduler scheduler, VirtualClock clock) {
        List<Duration> firings = new ArrayList<>();
        scheduler.add(() -> Timer.builder(Duration.ofMinutes(1), (timer, params) -> firings.add(clock.now()))
                .recurring(true).name("minutely").build());

        assertEquals(Duration.ofHours(24), clock.advance(Duration.ofHours(24)));

        assertEquals(1440, firings.size());
        for (int i = 0; i < firings.size(); i++) {
            assertEquals(Duration.ofMinutes(i + 1), firings.get(i), "firing " + (i + 1));
        }
        scheduler.cancelAll(); // the timer is still armed: not a leak
    }

    @CopasTest(virtualTime = true, inTask = true)
    void lockSemaphoreAndQueueTimeoutsRunInVirtualTime(VirtualClock clock) throws Exception {
        Lock lock = Lock.create();
        Semaphore semaphore = Semaphore.create(1, 0, null);
        Queue<String> queue = Queue.create();
        Copas.scheduler().add("holder", () -> {
            lock.get();
            Copas.pause(Duration.ofDays(1));
            lock.release();
        });
        Copas.scheduler().add("mover", () -> clock.runUntilIdle());
        Copas.pause(Duration.ZERO); // the holder takes the lock

        SyncTimeoutException lockTimeout = assertThrows(SyncTimeoutException.class, () -> lock.get(HOUR));
        assertEquals(HOUR, lockTimeout.waited());
        SyncTimeoutException semaphoreTimeout = assertThrows(SyncTimeoutException.class, () -> semaphore.take(1, HOUR));
        assertEquals(HOUR, semaphoreTimeout.waited());
        SyncTimeoutException queueTimeout = assertThrows(SyncTimeoutException.class, () -> queue.pop(HOUR));
        assertEquals(HOUR, queueTimeout.waited());
        assertEquals(Duration.ofHours(3), clock.now());
        lock.get(Duration.ofDays(1)); // the holder lets go at 24 h
        assertEquals(Duration.ofDays(1), clock.now());
        lock.release();
    }
}
