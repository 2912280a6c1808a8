package io.copas.smtp;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.copas.core.Scheduler;
import org.junit.jupiter.api.Test;

/** On the module path the SMTP client is found by scheme through ServiceLoader (issue 12). */
class SchedulerClientLookupTest {

    @Test
    void smtpAndSmtpsAreServedByTheBundlesClientFoundThroughTheScheduler() {
        try (Scheduler scheduler = Scheduler.create()) {
            assertSame(Smtp.client(), scheduler.client("smtp", SmtpClient.class));
            assertSame(Smtp.client(), scheduler.client("SMTPS", SmtpClient.class));
        }
    }
}
