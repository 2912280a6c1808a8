package io.copas.examples;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The echo server as a Declarative Services component of an OSGi bundle: it runs on the framework's
 * scheduler service while the component is active.
 */
// tag::osgi-component[]
@Component(service = {})
public final class EchoComponent {

    private final Scheduler scheduler;
    private final Server server;

    /**
     * Starts the echo server on the scheduler service.
     *
     * @param scheduler the scheduler service, already running (service mode)
     * @throws IOException if the port cannot be bound
     */
    @Activate
    public EchoComponent(@Reference Scheduler scheduler) throws IOException {
        this.scheduler = scheduler;
        this.server = EchoServer.start(scheduler, 0);  // callable from any thread: queued to the loop
    }

    /** Stops serving; connections already accepted go on until their clients leave. */
    @Deactivate
    public void stop() {
        scheduler.removeServer(server, false);
    }
    // end::osgi-component[]

    /**
     * The address the server listens on.
     *
     * @return the address
     */
    public java.net.SocketAddress address() {
        return server.localAddress();
    }
    // tag::osgi-component[]
}
// end::osgi-component[]
