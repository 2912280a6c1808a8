package io.copas.smtp;

/** Checks of mail addresses and header values shared by the request and the MIME builders. */
final class Addresses {

    private Addresses() {
    }

    /**
     * An envelope address without its angle brackets.
     *
     * @param address the address, with or without angle brackets
     * @param what    what it is, for the error message
     * @return the bare address, empty for the null path
     */
    static String envelope(String address, String what) {
        String bare = address.strip();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1).strip();
        }
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            if (c <= ' ' || c == '<' || c == '>' || c == 127) {
                throw new IllegalArgumentException(what + " is not an address: '" + address.replaceAll("[\\r\\n]", "?") + "'");
            }
        }
        return bare;
    }

    /**
     * Refuses a value with CR or LF (no header or command injection).
     *
     * @param value the value
     * @param what  what it is, for the error message
     * @return {@code value}
     */
    static String requireNoLineBreak(String value, String what) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " must not contain CR or LF");
        }
        return value;
    }
}
