package io.copas.smtp;

import java.util.Objects;

/**
 * What the server answered to {@code RCPT TO} for one recipient.
 *
 * @param address the recipient's address, as given
 * @param code    the reply code (2xx: accepted)
 * @param text    the reply text, lines joined by LF
 */
public record RecipientResult(String address, int code, String text) {

    /**
     * Checks the components.
     *
     * @param address the recipient's address
     * @param code    the reply code
     * @param text    the reply text
     */
    public RecipientResult {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Whether the server accepted this recipient.
     *
     * @return {@code true} for a 2xx reply
     */
    public boolean accepted() {
        return code / 100 == 2;
    }
}
