package io.copas.http;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.copas.core.Scheduler;
import org.junit.jupiter.api.Test;

/** On the module path the HTTP client is found by scheme through ServiceLoader (issue 12). */
class SchedulerClientLookupTest {

    @Test
    void httpAndHttpsAreServedByOneClientFoundThroughTheScheduler() {
        try (Scheduler scheduler = Scheduler.create()) {
            HttpClient http = scheduler.client("http", HttpClient.class);
            assertSame(http, scheduler.client("HTTPS", HttpClient.class));
        }
    }
}
