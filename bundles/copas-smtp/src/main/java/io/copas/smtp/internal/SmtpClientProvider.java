package io.copas.smtp.internal;

import io.copas.core.Scheduler;
import io.copas.core.client.ClientProvider;
import io.copas.core.client.SchemeClientProvider;
import io.copas.smtp.Smtp;
import org.osgi.service.component.annotations.Component;

/**
 * Serves {@code smtp} and {@code smtps} to {@link Scheduler#client(String, Class)}: a delayed DS
 * component in OSGi (created on the first request, not at start), a {@code provides} of the module
 * elsewhere. The client is {@link Smtp#client()}, which keeps no state between sends.
 */
@Component(service = ClientProvider.class, property = {
    ClientProvider.SCHEMES_PROPERTY + "=smtp",
    ClientProvider.SCHEMES_PROPERTY + "=smtps"
})
public final class SmtpClientProvider extends SchemeClientProvider {

    /** Creates the provider; the client's classes load with the first request. */
    public SmtpClientProvider() {
        super("smtp", "smtps");
    }

    @Override
    public Object client(String scheme, Scheduler scheduler) {
        return Smtp.client();
    }
}
