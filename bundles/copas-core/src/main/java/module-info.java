/**
 * Copas for Java, core: the scheduler, tasks, timers and Copas sockets and servers. The OSGi
 * annotations are read at build time only; Gogo's help texts are used only where Gogo is.
 */
module io.copas.core {
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;
    requires static org.apache.felix.gogo.runtime; // @Descriptor on the shell commands, optional

    requires static org.osgi.framework;
    requires static org.osgi.service.component;
    requires static org.osgi.dto; // SCR's runtime DTOs, read by the shell commands
    // Flight Recorder events, emitted only when the runtime has JFR (io.copas.core.internal.Flight)
    requires static jdk.jfr;

    exports io.copas.core;
    exports io.copas.core.client;
    exports io.copas.core.spi;

    // protocol clients (io.copas.http, ...) are found by scheme, never imported
    uses io.copas.core.client.ClientProvider;
}
