package io.copas.core;

import java.util.Objects;

/**
 * What a receive waits for, as LuaSocket's patterns: a line ({@code "*l"}), everything up to the
 * end of the stream ({@code "*a"}), or a number of bytes.
 */
public final class ReceivePattern {

    /** The kinds of pattern. */
    public enum Kind {
        /** A line ended by LF; the LF and any CR are dropped. */
        LINE,
        /**
         * Everything until the peer closes; the close is not an error when anything came (with
         * nothing at all, as LuaSocket's {@code "*a"}, the receive reports the close).
         */
        ALL,
        /** Exactly {@link ReceivePattern#count()} bytes. */
        BYTES
    }

    /** A line ended by LF; CR characters are dropped, as LuaSocket does. */
    public static final ReceivePattern LINE = new ReceivePattern(Kind.LINE, 0);

    /** All data until the connection is closed. */
    public static final ReceivePattern ALL = new ReceivePattern(Kind.ALL, 0);

    private final Kind kind;
    private final int count;

    private ReceivePattern(Kind kind, int count) {
        this.kind = kind;
        this.count = count;
    }

    /**
     * A pattern for exactly {@code count} bytes.
     *
     * @param count how many bytes, at least 0
     * @return the pattern
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static ReceivePattern bytes(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
        return new ReceivePattern(Kind.BYTES, count);
    }

    /**
     * Parses a LuaSocket pattern: {@code "*l"}, {@code "l"}, {@code "*a"}, {@code "a"} or a
     * decimal byte count. As LuaSocket looks at the first two characters only, {@code "*line"}
     * and {@code "*all"} are lines and all too.
     *
     * @param pattern the pattern text
     * @return the pattern
     * @throws IllegalArgumentException if {@code pattern} is none of these
     */
    public static ReceivePattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        switch (pattern) {
            case "*l", "l" -> {
                return LINE;
            }
            case "*a", "a" -> {
                return ALL;
            }
            default -> {
                if (pattern.startsWith("*l")) {
                    return LINE;
                }
                if (pattern.startsWith("*a")) {
                    return ALL;
                }
                try {
                    return bytes(Integer.parseInt(pattern));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("pattern must be *l, *a or a byte count, was '" + pattern + "'");
                }
            }
        }
    }

    /**
     * The kind of pattern.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The byte count of a {@link Kind#BYTES} pattern, else 0.
     *
     * @return the count
     */
    public int count() {
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivePattern p && p.kind == kind && p.count == count;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + count;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LINE -> "*l";
            case ALL -> "*a";
            case BYTES -> Integer.toString(count);
        };
    }
}
