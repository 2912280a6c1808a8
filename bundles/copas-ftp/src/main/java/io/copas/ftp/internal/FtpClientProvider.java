package io.copas.ftp.internal;

import io.copas.core.Scheduler;
import io.copas.core.client.ClientProvider;
import io.copas.core.client.SchemeClientProvider;
import io.copas.ftp.Ftp;
import org.osgi.service.component.annotations.Component;

/**
 * Serves {@code ftp} and {@code ftps} to {@link Scheduler#client(String, Class)}: a delayed DS
 * component in OSGi (created on the first request, not at start), a {@code provides} of the module
 * elsewhere. The client is {@link Ftp#client()}, which keeps no state between transfers.
 */
@Component(service = ClientProvider.class, property = {
    ClientProvider.SCHEMES_PROPERTY + "=ftp",
    ClientProvider.SCHEMES_PROPERTY + "=ftps"
})
public final class FtpClientProvider extends SchemeClientProvider {

    /** Creates the provider; the client's classes load with the first request. */
    public FtpClientProvider() {
        super("ftp", "ftps");
    }

    @Override
    public Object client(String scheme, Scheduler scheduler) {
        return Ftp.client();
    }
}
