package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.copas.core.Scheduler;
import io.copas.smtp.SmtpResult;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SendMailTest {

    private GreenMail greenMail;

    @BeforeEach
    void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    @Test
    void theMailArrivesWithItsHeadersAndText() throws Exception {
        int port = greenMail.getSmtp().getPort();
        SmtpResult result = InLoop.run(Scheduler.create(),
                () -> SendMail.send("127.0.0.1", port, "night-shift@example.org", "All green. Grüße!"));
        assertEquals(250, result.code());
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("Report of the night", received[0].getSubject());
        assertEquals("night-shift@example.org", received[0].getAllRecipients()[0].toString());
        assertEquals("All green. Grüße!", received[0].getContent().toString().strip());
    }
}
