package io.copas.smtp;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a successful send: the server took the message for the accepted recipients.
 *
 * @param recipients one result per recipient, in the order given; refused ones did not get the message
 * @param code       the reply code to the end of the message data (2xx)
 * @param text       that reply's text (often the server's queue id), lines joined by LF
 * @param secure     whether the message went over TLS (implicit or STARTTLS)
 */
public record SmtpResult(List<RecipientResult> recipients, int code, String text, boolean secure) {

    /**
     * Copies the recipient list.
     *
     * @param recipients the per-recipient results
     * @param code       the final reply code
     * @param text       the final reply text
     * @param secure     whether TLS protected the session
     */
    public SmtpResult {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(text, "text");
    }

    /**
     * The recipients the server accepted.
     *
     * @return the accepted ones, in order
     */
    public List<RecipientResult> accepted() {
        return recipients.stream().filter(RecipientResult::accepted).toList();
    }

    /**
     * The recipients the server refused; they did not get the message.
     *
     * @return the refused ones, in order
     */
    public List<RecipientResult> refused() {
        return recipients.stream().filter(r -> !r.accepted()).toList();
    }
}
