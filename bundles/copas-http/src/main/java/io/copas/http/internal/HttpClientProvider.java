package io.copas.http.internal;

import io.copas.core.Scheduler;
import io.copas.core.client.ClientProvider;
import io.copas.http.HttpClient;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Serves {@code http} and {@code https} to {@link Scheduler#client(String, Class)}: a delayed DS
 * component in OSGi (created on the first request, not at start), a {@code provides} of the module
 * elsewhere. The client it hands out is one {@link HttpClient} with its keep-alive pool, created on
 * first use and closed when the component goes (bundle stopped, updated or uninstalled).
 */
@Component(service = ClientProvider.class, property = {
    ClientProvider.SCHEMES_PROPERTY + "=http",
    ClientProvider.SCHEMES_PROPERTY + "=https"
})
public final class HttpClientProvider implements ClientProvider {

    private final AtomicReference<HttpClient> client = new AtomicReference<>();

    /** Creates the provider; the client comes with the first request. */
    public HttpClientProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }

    @Override
    public Object client(String scheme, Scheduler scheduler) {
        HttpClient existing = client.get();
        if (existing != null) {
            return existing;
        }
        HttpClient created = HttpClient.builder().build();
        return client.compareAndSet(null, created) ? created : client.get();
    }

    /** Closes the client's idle connections: nothing of this revision stays behind. */
    @Deactivate
    void deactivate() {
        HttpClient created = client.getAndSet(null);
        if (created != null) {
            created.close();
        }
    }
}
