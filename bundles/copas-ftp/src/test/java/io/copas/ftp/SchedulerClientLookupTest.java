package io.copas.ftp;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.copas.core.Scheduler;
import org.junit.jupiter.api.Test;

/** On the module path the SMTP client is found by scheme through ServiceLoader (issue 12). */
class SchedulerClientLookupTest {

    @Test
    void ftpAndFtpsAreServedByTheBundlesClientFoundThroughTheScheduler() {
        try (Scheduler scheduler = Scheduler.create()) {
            assertSame(Ftp.client(), scheduler.client("ftp", FtpClient.class));
            assertSame(Ftp.client(), scheduler.client("FTPS", FtpClient.class));
        }
    }
}
