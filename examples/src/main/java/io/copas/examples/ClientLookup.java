package io.copas.examples;

import io.copas.core.Copas;
import io.copas.http.HttpClient;
import io.copas.http.HttpResponse;
import io.copas.http.HttpRequest;
import java.io.IOException;

/** Finding a protocol client by its scheme, without a compile-time dependency on its module's classes. */
public final class ClientLookup {

    private ClientLookup() {
    }

    /**
     * GETs {@code url} with the http client that the scheduler finds for its scheme. Call it from
     * a task.
     *
     * @param url an http URL
     * @return the status code
     * @throws IOException if the request fails
     */
    public static int statusOf(String url) throws IOException {
        // tag::client-lookup[]
        HttpClient http = Copas.scheduler().client("https", HttpClient.class);
        // end::client-lookup[]
        HttpResponse response = http.send(HttpRequest.builder(url).build());
        return response.statusCode();
    }
}
