package io.copas.smtp.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The service extensions a server announced in its EHLO reply (RFC 5321, 4.1.1.1): keywords
 * and their parameters; none after a HELO.
 */
public final class Extensions {

    /** What a server that answered HELO (not EHLO) offers. */
    public static final Extensions NONE = new Extensions(Map.of());

    private final Map<String, String> keywords;

    private Extensions(Map<String, String> keywords) {
        this.keywords = keywords;
    }

    /**
     * Parses an EHLO reply: the first line greets, each further line is a keyword and its
     * parameters. {@code AUTH=LOGIN PLAIN}, an old form, counts as {@code AUTH LOGIN PLAIN}.
     *
     * @param ehlo the reply
     * @return the extensions
     */
    public static Extensions parse(Reply ehlo) {
        Map<String, String> keywords = new HashMap<>();
        List<String> lines = ehlo.lines();
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.strip().split("[ =]", 2);
            if (!parts[0].isEmpty()) {
                String params = parts.length > 1 ? parts[1].strip().toUpperCase(Locale.ROOT) : "";
                keywords.merge(parts[0].toUpperCase(Locale.ROOT), params, (a, b) -> (a + " " + b).strip());
            }
        }
        return new Extensions(keywords);
    }

    /**
     * Whether the server offers {@code keyword}.
     *
     * @param keyword an upper-case keyword such as {@code STARTTLS}
     * @return {@code true} if offered
     */
    public boolean has(String keyword) {
        return keywords.containsKey(keyword);
    }

    /**
     * The SASL mechanisms offered with AUTH.
     *
     * @return upper-case mechanism names, empty if AUTH is not offered
     */
    public Set<String> authMechanisms() {
        String params = keywords.get("AUTH");
        // Set.copyOf, not Set.of: servers that also send the old AUTH= line name each mechanism twice
        return params == null || params.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(params.split("\\s+")));
    }
}
