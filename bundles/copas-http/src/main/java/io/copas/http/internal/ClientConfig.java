package io.copas.http.internal;

import java.time.Duration;

/**
 * A client's settings.
 *
 * @param maxPerOrigin most open connections per origin and scheduler
 * @param maxTotal     most open connections per scheduler
 * @param idleTimeout  how long an idle connection is kept
 * @param keepAlive    whether connections are kept for reuse at all
 * @param userAgent    the User-Agent sent unless the request has its own
 */
public record ClientConfig(int maxPerOrigin, int maxTotal, Duration idleTimeout, boolean keepAlive, String userAgent) {
}
