package io.copas.http.internal.osgi;

import io.copas.core.Scheduler;
import io.copas.http.HttpClient;
import io.copas.http.HttpRequest;
import io.copas.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo command {@code copas:get <url>}: fetches a URL on the scheduler service and prints the
 * status line, the headers and the body size. Found by its {@code osgi.command.*} properties;
 * Gogo's {@link Descriptor} gives its help text, an optional import (the JVM ignores an annotation
 * whose type is missing).
 */
@Component(service = HttpCommands.class, property = {
    "osgi.command.scope=copas",
    "osgi.command.function=get"
})
public final class HttpCommands {

    /** The scheduler service, optional: without it the command fails saying so. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Scheduler scheduler;

    private final HttpClient client = HttpClient.builder().build();

    /** Creates the command; the scheduler comes by its field reference. */
    public HttpCommands() {
    }

    /** Closes the idle connections. */
    @Deactivate
    void deactivate() {
        client.close();
    }

    /**
     * {@code copas:get <url>}: GETs the URL and describes the response.
     *
     * @param url an http or https URL
     * @return the status line, headers and body size
     * @throws Exception if the request fails (Gogo prints it)
     */
    @Descriptor("GETs an http or https URL on the scheduler service and shows the status line, the headers"
            + " and the body size")
    public String get(@Descriptor("the URL, such as http://127.0.0.1:8080/") String url) throws Exception {
        Scheduler scheduler = this.scheduler;
        if (scheduler == null) {
            throw new IllegalStateException("no scheduler service: copas:status says why");
        }
        AtomicLong size = new AtomicLong();
        HttpRequest request = HttpRequest.builder(url).sink((d, o, n) -> size.addAndGet(n)).build();
        HttpResponse r;
        try {
            r = scheduler.submit(() -> client.send(request)).get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        StringBuilder out = new StringBuilder(r.statusLine());
        for (Map.Entry<String, String> f : r.headers().fields()) {
            out.append('\n').append(f.getKey()).append(": ").append(f.getValue());
        }
        out.append("\n\n(").append(size.get()).append(" body bytes from ").append(r.uri()).append(')');
        return out.toString();
    }
}
