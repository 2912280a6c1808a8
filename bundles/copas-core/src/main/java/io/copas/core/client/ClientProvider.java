package io.copas.core.client;

import io.copas.core.Scheduler;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A protocol client bundle's entry point: it serves one or more URL schemes and hands out the
 * client for them. Implemented by client bundles (as a DS component with the service property
 * {@link #SCHEMES_PROPERTY}, and as a {@code provides} of their module-info); users never call it
 * directly, they ask {@link Scheduler#client(String, Class)}.
 *
 * <p>An implementation must be cheap to create: it is instantiated to be asked for its schemes
 * (on the module path) and must not load or create the client itself before
 * {@link #client(String, Scheduler)} is first called.
 */
@ProviderType
public interface ClientProvider {

    /**
     * The service property (String or String[]) that names the schemes a provider serves, so that
     * a framework finds it without activating it.
     */
    String SCHEMES_PROPERTY = "copas.client.schemes";

    /**
     * The schemes served, lower case, for example {@code "http"} and {@code "https"}.
     *
     * @return the schemes
     */
    Set<String> schemes();

    /**
     * The client for {@code scheme}, used from tasks of {@code scheduler}. Its type is the client
     * bundle's API type (for example {@code io.copas.http.HttpClient}).
     *
     * @param scheme    one of {@link #schemes()}
     * @param scheduler the scheduler that asks
     * @return the client, or {@code null} when the provider is stopping and has none to give (the
     *         scheduler then treats the scheme as unavailable)
     */
    Object client(String scheme, Scheduler scheduler);
}
