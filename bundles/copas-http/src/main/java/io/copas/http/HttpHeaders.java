package io.copas.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Header fields in the order received, looked up without regard to case. Upstream merges repeated
 * fields into one value joined by {@code ", "}: {@link #value(String)} does the same, while
 * {@link #allValues(String)} keeps them apart.
 */
public final class HttpHeaders {

    private static final HttpHeaders EMPTY = new HttpHeaders(List.of());

    private final List<Map.Entry<String, String>> fields;
    private final Map<String, List<String>> byName;

    private HttpHeaders(List<Map.Entry<String, String>> fields) {
        this.fields = List.copyOf(fields);
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : this.fields) {
            map.computeIfAbsent(f.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f.getValue());
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        this.byName = Collections.unmodifiableMap(map);
    }

    /**
     * Headers holding these fields, in this order.
     *
     * @param fields name and value pairs (not checked: the request builder checks what is sent)
     * @return the headers
     */
    public static HttpHeaders of(List<Map.Entry<String, String>> fields) {
        Objects.requireNonNull(fields, "fields");
        return fields.isEmpty() ? EMPTY : new HttpHeaders(fields);
    }

    /**
     * No headers.
     *
     * @return the empty headers
     */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /**
     * The first value of the field {@code name}.
     *
     * @param name the field name, any case
     * @return the value, or empty if absent
     */
    public Optional<String> firstValue(String name) {
        List<String> values = allValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The values of the field {@code name}, joined by {@code ", "} as upstream does.
     *
     * @param name the field name, any case
     * @return the joined value, or {@code null} if absent
     */
    public String value(String name) {
        List<String> values = allValues(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /**
     * Every value of the field {@code name}, in order.
     *
     * @param name the field name, any case
     * @return the values, empty if absent
     */
    public List<String> allValues(String name) {
        return byName.getOrDefault(Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT), List.of());
    }

    /**
     * Whether the field {@code name} is present.
     *
     * @param name the field name, any case
     * @return {@code true} if present
     */
    public boolean contains(String name) {
        return !allValues(name).isEmpty();
    }

    /**
     * The fields by lower-case name, in order of first appearance.
     *
     * @return an unmodifiable map
     */
    public Map<String, List<String>> map() {
        return byName;
    }

    /**
     * The fields as received: names in their original case, repeated fields apart.
     *
     * @return an unmodifiable list
     */
    public List<Map.Entry<String, String>> fields() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeaders h && h.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
