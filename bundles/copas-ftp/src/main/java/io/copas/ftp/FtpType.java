package io.copas.ftp;

/**
 * The representation type of a transfer ({@code TYPE}; upstream's {@code type = "a"} or
 * {@code "i"}, also {@code ;type=a} in a URL). The client passes the bytes as they come in either
 * case: in ASCII the server converts line ends to and from the network's CRLF.
 */
public enum FtpType {
    /** {@code TYPE A}: text, with CRLF line ends on the wire ({@code "a"}). */
    ASCII("A"),
    /** {@code TYPE I}: bytes as they are ({@code "i"}). */
    BINARY("I");

    private final String code;

    FtpType(String code) {
        this.code = code;
    }

    /**
     * The argument of the {@code TYPE} command.
     *
     * @return {@code "A"} or {@code "I"}
     */
    public String code() {
        return code;
    }

    /**
     * Parses upstream's type letter, as in {@code ;type=i}.
     *
     * @param letter {@code "a"} or {@code "i"}, in any case
     * @return the type
     * @throws IllegalArgumentException for any other value, naming it
     */
    public static FtpType fromLetter(String letter) {
        return switch (letter == null ? "" : letter.toLowerCase(java.util.Locale.ROOT)) {
            case "a" -> ASCII;
            case "i" -> BINARY;
            default -> throw new IllegalArgumentException("invalid type '" + letter + "': must be a or i");
        };
    }
}
