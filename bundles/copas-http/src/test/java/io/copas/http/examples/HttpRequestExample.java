package io.copas.http.examples;

import io.copas.core.Scheduler;
import io.copas.http.BodySink;
import io.copas.http.Http;
import io.copas.http.HttpClient;
import io.copas.http.HttpRequest;
import io.copas.http.HttpResponse;
import io.copas.http.RedirectPolicy;
import io.copas.http.Timeouts;
import java.io.ByteArrayOutputStream;
import java.time.Duration;

/** The HTTP request example of the README, compiled and run by {@link HttpRequestExampleTest}. */
public final class HttpRequestExample {

    private HttpRequestExample() {
    }

    /**
     * Makes the README's requests.
     *
     * @param args the base URL of a server with {@code /hello} and {@code /echo}
     */
    public static void main(String[] args) {
        String baseUrl = args[0];
        // README-EXAMPLE-START
        Scheduler scheduler = Scheduler.create();
        HttpClient client = HttpClient.builder().maxConnectionsPerOrigin(4).build(); // owns the keep-alive pool

        scheduler.loop(() -> {
            // the simple form, as copas.http.request(url [, body]): a GET, and a form POST
            HttpResponse hello = Http.request(baseUrl + "/hello");
            System.out.println(hello.statusCode() + " " + hello.bodyText());
            HttpResponse posted = Http.request(baseUrl + "/echo", "name=copas&lang=java");
            System.out.println(posted.statusLine() + ": " + posted.bodyText());

            // the generic form: method, headers, body source, response sink, timeouts, redirects
            ByteArrayOutputStream download = new ByteArrayOutputStream();
            HttpResponse r = client.send(HttpRequest.builder(baseUrl + "/hello")
                    .header("Accept", "text/plain")
                    .timeouts(Timeouts.of(Duration.ofSeconds(5), null, Duration.ofSeconds(10)))
                    .redirects(RedirectPolicy.SAFE)
                    .sink(BodySink.to(download)) // streamed: any size in bounded memory
                    .build());
            System.out.println(r.statusLine() + ", " + download.size() + " bytes; " + client.statistics());
        });
        // README-EXAMPLE-END
        scheduler.close();
    }
}
