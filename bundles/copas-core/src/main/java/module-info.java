/**
 * Copas for Java, core: the scheduler, tasks, timers and Copas sockets and servers.
 */
module io.copas.core {
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;

    exports io.copas.core;
}
