package io.copas.smtp.examples;

import io.copas.core.Scheduler;
import io.copas.smtp.MimeMessage;
import io.copas.smtp.MimePart;
import io.copas.smtp.Smtp;
import io.copas.smtp.SmtpRequest;
import io.copas.smtp.SmtpResult;
import io.copas.tls.TlsParameters;
import java.nio.file.Path;

/** The SMTP example of the README, compiled and run by {@code SendMailExampleTest}. */
public final class SendMailExample {

    private SendMailExample() {
    }

    /**
     * Sends a message with an attachment over implicit TLS, with AUTH, from a Copas task.
     *
     * @param server   the SMTP server
     * @param port     its SMTPS port
     * @param tls      the TLS parameters (in real use {@code TlsParameters.defaults()}: the JDK's trust store)
     * @param password ana's password
     * @param report   the file to attach
     */
    public static void send(String server, int port, TlsParameters tls, String password, Path report) {
        // README-EXAMPLE-START
        MimeMessage message = MimeMessage.builder()
                .from("ana@example.org", "Ana")
                .to("bob@example.org")
                .subject("Grüße aus Copas")              // non-ASCII: RFC 2047 encoded-words
                .body(MimePart.multipart("mixed")
                        .part(MimePart.text("The report is attached."))
                        .part(MimePart.file(report, "application/pdf")) // base64, streamed
                        .build())
                .build();

        try (Scheduler scheduler = Scheduler.create()) {   // close() frees its selector
            scheduler.loop(() -> {                         // the SMTP session runs in a task
                SmtpResult result = Smtp.send(SmtpRequest.builder()
                        .server(server).port(port)
                        .implicitTls(true).tlsParameters(tls) // or STARTTLS: .tlsPolicy(TlsPolicy.REQUIRED)
                        .credentials("ana", password)      // never sent over clear text
                        .message(message)                  // envelope from From, To, Cc and Bcc
                        .build());
                System.out.println("sent: " + result.code() + " " + result.text());
            });
        }
        // README-EXAMPLE-END
    }
}
