/**
 * Copas for Java, sync: lock, semaphore, queue, timer and future for the tasks of a Copas
 * scheduler. The OSGi annotations are read at build time only.
 */
module io.copas.sync {
    requires transitive io.copas.core;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;

    exports io.copas.sync;
}
