package io.copas.http;

/**
 * What an {@link HttpClient}'s connection pools did and hold, over all schedulers.
 *
 * @param requests          requests sent (each attempt, redirects and retries included)
 * @param connectionsOpened connections opened
 * @param connectionsReused requests sent on a kept-alive connection
 * @param staleDropped      idle connections found closed by the server (or holding stray bytes) and dropped
 * @param retries           requests sent again on a fresh connection after a reused one failed before any reply
 * @param idle              connections open and idle now
 * @param busy              connections carrying a request now
 * @param waiting           tasks waiting now for a connection because a pool limit was reached
 */
public record PoolStatistics(long requests, long connectionsOpened, long connectionsReused, long staleDropped,
        long retries, int idle, int busy, int waiting) {
}
