package io.copas.examples;

import io.copas.http.Http;
import io.copas.http.HttpResponse;
import io.copas.sync.CopasFuture;
import io.copas.sync.Semaphore;
import io.copas.sync.SyncException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Fetches many URLs at once, never more than a given number at a time. */
public final class ParallelFetch {

    private ParallelFetch() {
    }

    /**
     * Fetches every URL, at most {@code limit} at a time. Call it from a task.
     *
     * @param urls  the URLs
     * @param limit how many requests may be out at once
     * @return the status code of each URL, in the order given
     * @throws ExecutionException if a request failed (its exception is the cause)
     * @throws SyncException      if a fetch was cancelled
     */
    public static Map<String, Integer> fetchAll(List<String> urls, int limit)
            throws ExecutionException, SyncException {
        // tag::parallel-fetch[]
        Semaphore slots = Semaphore.create(limit, limit, Duration.ofMinutes(1));
        List<CopasFuture<HttpResponse>> fetches = new ArrayList<>();
        for (String url : urls) {
            fetches.add(CopasFuture.add(() -> {      // one task per URL
                slots.take();                        // waits while `limit` requests are out
                try {
                    return Http.request(url);
                } finally {
                    slots.give();
                }
            }));
        }
        Map<String, Integer> status = new LinkedHashMap<>();
        for (int i = 0; i < urls.size(); i++) {
            status.put(urls.get(i), fetches.get(i).get().statusCode());  // waits for that task
        }
        return status;
        // end::parallel-fetch[]
    }
}
