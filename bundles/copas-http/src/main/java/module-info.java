/**
 * Copas for Java, HTTP: an HTTP/1.1 client for Copas tasks ({@code copas.http.request}), with a
 * keep-alive pool, streaming bodies and strict response parsing. {@code io.copas.tls} is optional:
 * without it plain http works and an https request fails with an exception naming the missing
 * module. The OSGi annotations are read at build time only.
 */
module io.copas.http {
    requires transitive io.copas.core;
    requires static io.copas.tls;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static org.osgi.service.component.annotations;
    requires static org.apache.felix.gogo.runtime; // @Descriptor on copas:get, optional

    exports io.copas.http;

    // found by scheme through Scheduler.client("http" | "https", HttpClient.class)
    provides io.copas.core.client.ClientProvider with io.copas.http.internal.HttpClientProvider;
}
