package io.copas.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The timeouts of a request (upstream's {@code timeout} option, a number or a table of
 * {@code connect}, {@code send} and {@code receive}). Each bounds one wait of the socket, as in
 * Copas; in addition the response heads read after the request was sent (interim 1xx ones and
 * the final one together, status lines and headers) and each chunk-size line must arrive within
 * the receive timeout (with {@code Expect: 100-continue}, the wait for the 100 comes first), so a
 * server that trickles its head cannot hold a task. A body that trickles in, a byte now and
 * then, is bounded per wait only, as upstream's: for a deadline on the whole request, run it
 * under {@code Copas.timeout}.
 *
 * @param connect for the TCP connect, a proxy tunnel and the TLS handshake
 * @param send    for each wait while sending
 * @param receive for each wait while receiving
 */
public record Timeouts(Duration connect, Duration send, Duration receive) {

    /** Upstream's {@code TIMEOUT}: 60 seconds. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);

    /** What a key omitted from upstream's timeout table gets: 30 seconds. */
    public static final Duration OMITTED = Duration.ofSeconds(30);

    /**
     * Checks the timeouts.
     *
     * @throws IllegalArgumentException if one is not positive
     */
    public Timeouts {
        positive(connect, "connect");
        positive(send, "send");
        positive(receive, "receive");
    }

    /**
     * The defaults: 60 seconds each.
     *
     * @return the timeouts
     */
    public static Timeouts defaults() {
        return of(DEFAULT);
    }

    /**
     * One value for all three (upstream's number form).
     *
     * @param all the timeout, positive
     * @return the timeouts
     */
    public static Timeouts of(Duration all) {
        return new Timeouts(all, all, all);
    }

    /**
     * Separate values (upstream's table form); an omitted ({@code null}) one is 30 seconds.
     *
     * @param connect the connect timeout, or {@code null}
     * @param send    the send timeout, or {@code null}
     * @param receive the receive timeout, or {@code null}
     * @return the timeouts
     */
    public static Timeouts of(Duration connect, Duration send, Duration receive) {
        return new Timeouts(orOmitted(connect), orOmitted(send), orOmitted(receive));
    }

    private static Duration orOmitted(Duration d) {
        return d == null ? OMITTED : d;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive, was " + d);
        }
    }
}
