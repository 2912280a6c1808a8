package io.copas.examples;

import io.copas.smtp.MimeMessage;
import io.copas.smtp.Smtp;
import io.copas.smtp.SmtpRequest;
import io.copas.smtp.SmtpResult;
import io.copas.smtp.TlsPolicy;
import java.io.IOException;

/** Sends a plain text mail from a task. */
public final class SendMail {

    private SendMail() {
    }

    /**
     * Sends {@code text} to {@code to} through the SMTP server at {@code server:port}. Call it
     * from a task.
     *
     * @param server the SMTP server's host
     * @param port   its port
     * @param to     the recipient
     * @param text   the body
     * @return the server's answer to the message
     * @throws IOException if the server refuses it or the connection fails
     */
    public static SmtpResult send(String server, int port, String to, String text) throws IOException {
        // tag::send-mail[]
        MimeMessage message = MimeMessage.builder()
                .from("reports@example.org", "Nightly report")
                .to(to)
                .subject("Report of the night")
                .text(text)                                   // text/plain; charset=UTF-8
                .build();
        return Smtp.send(SmtpRequest.builder()
                .server(server).port(port)
                .tlsPolicy(TlsPolicy.OPPORTUNISTIC)           // STARTTLS when offered (the default)
                .message(message)                             // envelope from From and To
                .build());
        // end::send-mail[]
    }
}
