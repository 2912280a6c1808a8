package io.copas.http.internal;

import io.copas.core.Scheduler;
import io.copas.core.client.ClientProvider;
import io.copas.core.client.SchemeClientProvider;
import io.copas.http.HttpClient;
import java.time.Duration;
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
public final class HttpClientProvider extends SchemeClientProvider {

    /** How long a stopping bundle lets requests in flight finish. */
    static final Duration DRAIN = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger("io.copas.http");

    private final AtomicReference<HttpClient> client = new AtomicReference<>();
    private volatile boolean stopped;

    /** Creates the provider; the client comes with the first request. */
    public HttpClientProvider() {
        super("http", "https");
    }

    @Override
    public Object client(String scheme, Scheduler scheduler) {
        HttpClient existing = client.get();
        if (existing != null || stopped) {
            return existing; // null once stopped: the scheduler looks for the next revision's provider
        }
        HttpClient created = HttpClient.builder().build();
        if (!client.compareAndSet(null, created)) {
            return client.get();
        }
        if (stopped) {
            // deactivate() ran between our check and our set; unless it took this client after all,
            // it never saw it, and the client would outlive its revision's classes
            if (client.compareAndSet(created, null)) {
                created.shutdown(Duration.ZERO);
            }
            return null;
        }
        return created;
    }

    /**
     * The bundle is stopping (stopped, updated or uninstalled): closes the client's idle
     * connections and lets requests in flight finish, for at most {@link #DRAIN}, so that they
     * complete before a refresh takes this revision's classes away; later sends on the client fail
     * at once and clearly, and nothing of this revision stays behind. New lookups meanwhile fail
     * clearly or wait for the next revision.
     */
    @Deactivate
    void deactivate() {
        stopped = true;
        HttpClient created = client.getAndSet(null);
        if (created != null && !created.shutdown(DRAIN)) {
            LOG.log(System.Logger.Level.WARNING, "io.copas.http stops with HTTP requests still in flight after "
                    + DRAIN.toSeconds() + " s: they may fail as its classes go away");
        }
    }
}
