package io.copas.http.internal.osgi;

import io.copas.http.Http;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Closes the shared client of {@link Http}'s static methods when the bundle stops (stopped,
 * updated or uninstalled): its pools end and so do their tasks waiting for a loop's exit, which
 * would otherwise keep this revision's classes in the scheduler service after a hot swap.
 */
@Component(immediate = true)
public final class DefaultClientCloser {

    /** Creates the component; it does its work when the bundle stops. */
    public DefaultClientCloser() {
        // nothing to set up
    }

    /** Closes the shared client's pools. */
    @Deactivate
    void deactivate() {
        Http.defaultClient().close();
    }
}
