package io.copas.ftp;

import java.util.List;
import java.util.Objects;

/**
 * A server reply (RFC 959 section 4.2): a three digit code and its text lines (one, or several
 * for a multi-line reply), without the code prefix of the first and last line.
 *
 * @param code  the reply code, 100 to 599
 * @param lines the text, at least one line (possibly empty)
 */
public record FtpReply(int code, List<String> lines) {

    /**
     * Checks and copies the components.
     *
     * @param code  the reply code, 100 to 599
     * @param lines the text lines, not empty
     */
    public FtpReply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("code must be 100 to 599, was " + code);
        }
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines must not be empty");
        }
    }

    /**
     * The text, lines joined with {@code "\n"}.
     *
     * @return the text
     */
    public String text() {
        return String.join("\n", lines);
    }

    /**
     * Whether the code is preliminary (1xx): a final reply follows.
     *
     * @return {@code true} for 1xx
     */
    public boolean isPreliminary() {
        return code < 200;
    }

    /**
     * Whether the code is positive: 2xx (done) or 3xx (more is needed, as after {@code USER}
     * or {@code RNFR}).
     *
     * @return {@code true} for 2xx and 3xx
     */
    public boolean isPositive() {
        return code >= 200 && code < 400;
    }

    /** An upstream-style check: one or more alternatives of three digits or dots, split by '|'. */
    static final String CHECK_SYNTAX = "[0-9.]{3}(\\|[0-9.]{3})*";

    /**
     * Whether the code matches an upstream-style check pattern: three characters, each a digit
     * or {@code '.'} for any digit ({@code "2.."}, {@code "250"}), or alternatives of those split
     * by {@code '|'} ({@code "2..|331"}, upstream's table of checks {@code {"2..", 331}}).
     *
     * @param pattern the pattern
     * @return {@code true} if it matches
     * @throws IllegalArgumentException if the pattern is not of that form
     */
    public boolean matches(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (!pattern.matches(CHECK_SYNTAX)) {
            throw new IllegalArgumentException("a reply check must be three digits or dots, as \"2..\", or such "
                    + "alternatives split by '|', was '" + pattern + "'");
        }
        String digits = Integer.toString(code);
        for (String alternative : pattern.split("\\|")) {
            if (matchesOne(alternative, digits)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesOne(String pattern, String digits) {
        for (int i = 0; i < 3; i++) {
            if (pattern.charAt(i) != '.' && pattern.charAt(i) != digits.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return code + " " + text();
    }
}
