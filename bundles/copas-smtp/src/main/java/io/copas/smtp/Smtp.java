package io.copas.smtp;

import io.copas.smtp.internal.Session;
import java.io.IOException;
import java.util.Objects;

/**
 * Entry point of the SMTP client, as Copas' {@code copas.smtp} module.
 *
 * <pre>{@code
 * // inside a Copas task
 * MimeMessage message = MimeMessage.builder()
 *         .from("ana@example.org").to("bob@example.org")
 *         .subject("Hello").text("Hi Bob!")
 *         .build();
 * SmtpResult result = Smtp.send(SmtpRequest.builder()
 *         .server("mail.example.org").port(587).tlsPolicy(TlsPolicy.REQUIRED)
 *         .credentials("ana", secret)
 *         .message(message)
 *         .build());
 * }</pre>
 */
public final class Smtp {

    private static final SmtpClient CLIENT = request -> Session.send(Objects.requireNonNull(request, "request"));

    private Smtp() {
    }

    /**
     * The client of this bundle.
     *
     * @return the client
     */
    public static SmtpClient client() {
        return CLIENT;
    }

    /**
     * Sends one message ({@code copas.smtp.send}); see {@link SmtpClient#send}.
     *
     * @param request what to send, where and how
     * @return the per-recipient outcome and the server's final reply
     * @throws IOException as {@link SmtpClient#send}
     */
    public static SmtpResult send(SmtpRequest request) throws IOException {
        return CLIENT.send(request);
    }
}
