/**
 * Copas for Java, examples: the programs of the manual (docs/manual.md) and the README, compiled
 * by the build and run by its tests against real sockets. Not a bundle and not deployed.
 */
// tag::module-info[]
module io.copas.examples {
    requires io.copas.core;   // scheduler, tasks, sockets
    requires io.copas.sync;   // queue, semaphore, timer, lock, future
    requires io.copas.tls;
    requires io.copas.http;   // optional clients: each found by its scheme at run time too
    requires io.copas.smtp;
    requires io.copas.ftp;
    // end::module-info[]
    requires static org.osgi.service.component.annotations;

    exports io.copas.examples;
    // tag::module-info[]
}
// end::module-info[]
