package io.copas.http;

import java.io.IOException;

/**
 * The simple form of Copas' {@code copas.http.request}: call from a task, get the whole response.
 * Requests go through one shared {@link HttpClient} (keep-alive on); build an
 * {@link HttpRequest} for everything else.
 *
 * <pre>{@code
 * scheduler.loop(() -> {
 *     HttpResponse r = Http.request("http://127.0.0.1:8080/hello");
 *     System.out.println(r.statusCode() + " " + r.bodyText());
 * });
 * }</pre>
 */
public final class Http {

    private static final HttpClient DEFAULT = HttpClient.builder().build();

    private Http() {
    }

    /**
     * GETs {@code url} ({@code copas.http.request(url)}).
     *
     * @param url an http or https URL
     * @return the response, body included
     * @throws IOException as {@link HttpClient#send}
     */
    public static HttpResponse request(String url) throws IOException {
        return DEFAULT.send(HttpRequest.builder(url).build());
    }

    /**
     * POSTs {@code formBody} to {@code url} as {@code application/x-www-form-urlencoded}
     * ({@code copas.http.request(url, body)}).
     *
     * @param url      an http or https URL
     * @param formBody the form data, already URL-encoded
     * @return the response, body included
     * @throws IOException as {@link HttpClient#send}
     */
    public static HttpResponse request(String url, String formBody) throws IOException {
        return DEFAULT.send(HttpRequest.builder(url)
                .method("POST")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(RequestBody.of(formBody))
                .build());
    }

    /**
     * Sends {@code request} through the shared client ({@code copas.http.request(requestparams)}).
     *
     * @param request the request
     * @return the response
     * @throws IOException as {@link HttpClient#send}
     */
    public static HttpResponse request(HttpRequest request) throws IOException {
        return DEFAULT.send(request);
    }

    /**
     * The shared client of the static methods.
     *
     * @return the client
     */
    public static HttpClient defaultClient() {
        return DEFAULT;
    }
}
