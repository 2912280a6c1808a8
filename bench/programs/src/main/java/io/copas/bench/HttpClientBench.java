package io.copas.bench;

import io.copas.core.Scheduler;
import io.copas.http.HttpClient;
import io.copas.http.HttpRequest;
import io.copas.http.HttpResponse;
import java.time.Duration;

/**
 * The harness' HTTP client program ({@code bench/http.sh}, {@code CLIENT_CMD} template
 * {@code {URL} {TOTAL} {CONC} {BATCHES}} plus a mode): TOTAL GETs in CONC Copas tasks of one
 * scheduler, with keep-alive ({@code keepalive}) or a connection per request ({@code close}, as
 * copas.http does). Prints one line per batch like {@code lua/http_client.lua}.
 */
public final class HttpClientBench {

    private HttpClientBench() {
    }

    /**
     * Runs the batches.
     *
     * @param args URL TOTAL CONC BATCHES [keepalive|close] [expected body size]
     */
    public static void main(String[] args) {
        String url = args[0];
        int total = Integer.parseInt(args[1]);
        int conc = Integer.parseInt(args[2]);
        int batches = Integer.parseInt(args[3]);
        boolean keepAlive = args.length < 5 || !args[4].equals("close");
        int expected = args.length < 6 ? -1 : Integer.parseInt(args[5]);
        HttpRequest request = HttpRequest.builder(url).timeout(Duration.ofSeconds(30)).build();
        for (int batch = 1; batch <= batches; batch++) {
            Scheduler scheduler = BenchSupport.scheduler();
            HttpClient client = HttpClient.builder().keepAlive(keepAlive).maxConnectionsPerOrigin(conc).build();
            int[] left = {total};
            int[] ok = {0};
            int[] failed = {0};
            long start = System.nanoTime();
            for (int t = 0; t < conc; t++) {
                scheduler.add("client-" + t, () -> {
                    while (left[0] > 0) {
                        left[0]--;
                        try {
                            HttpResponse r = client.send(request);
                            if (r.statusCode() == 200 && (expected < 0 || r.body().length == expected)) {
                                ok[0]++;
                            } else {
                                failed[0]++;
                            }
                        } catch (Exception e) {
                            failed[0]++;
                        }
                    }
                });
            }
            scheduler.loop(); // returns when every client task has ended
            client.close();
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("engine=%s mode=%s batch=%d total=%d conc=%d ok=%d failed=%d secs=%.3f req_per_s=%.0f%n",
                    scheduler.engine(), keepAlive ? "keepalive" : "close", batch, total, conc, ok[0], failed[0], secs,
                    ok[0] / secs);
            scheduler.close();
        }
    }
}
