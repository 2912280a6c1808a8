package io.copas.smtp.internal;

import java.util.List;

/**
 * One SMTP reply: its code and the text of each of its lines (without the code and separator).
 *
 * @param code  the three-digit code
 * @param lines the text of each line
 */
public record Reply(int code, List<String> lines) {

    /**
     * Copies the lines.
     *
     * @param code  the code
     * @param lines the lines
     */
    public Reply {
        lines = List.copyOf(lines);
    }

    /**
     * The text, lines joined by LF.
     *
     * @return the text
     */
    public String text() {
        return String.join("\n", lines);
    }

    /**
     * Whether the code is in the given class.
     *
     * @param firstDigit 2, 3, 4 or 5
     * @return {@code true} if the code is {@code firstDigit}xx
     */
    public boolean is(int firstDigit) {
        return code / 100 == firstDigit;
    }
}
