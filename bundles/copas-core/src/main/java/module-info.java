/**
 * Copas for Java, core: the scheduler, tasks, timers and Copas sockets and servers. The OSGi
 * annotations are read at build time only.
 */
module io.copas.core {
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static org.osgi.service.component.annotations;
    requires static org.osgi.service.metatype.annotations;

    exports io.copas.core;
    exports io.copas.core.spi;
}
