/**
 * Copas for Java, test support: a virtual clock for schedulers and a JUnit 5 extension. JUnit is
 * needed by the extension only ({@code requires static}); the OSGi annotations are read at build
 * time only.
 */
module io.copas.test {
    requires transitive io.copas.core;
    requires static org.junit.jupiter.api;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;

    exports io.copas.test;
}
