package io.copas.smtp;

import io.copas.tls.TlsParameters;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** TLS material for the servers of the tests, made from {@link TestPki}. */
final class TlsTestSupport {

    static final char[] PASSWORD = "changeit".toCharArray();

    private TlsTestSupport() {
    }

    /** A key store holding server A's key and chain. */
    static KeyStore serverKeyStore() throws Exception {
        TestPki.Identity server = TestPki.get().serverA;
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", server.key(), PASSWORD, server.chain());
        return store;
    }

    /** A JDK server context with server A's identity (for the scripted server). */
    static SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(serverKeyStore(), PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** Writes server A's key store as a PKCS#12 file. */
    static Path writeServerKeyStore(Path dir) throws Exception {
        Path file = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            serverKeyStore().store(out, PASSWORD);
        }
        return file;
    }

    /** Client parameters trusting root A only; the verified name is the server's address. */
    static TlsParameters trustingRootA() {
        return TlsParameters.builder().trustCertificates(TestPki.get().rootA.certificate()).build();
    }

    /** Client parameters trusting root B only: server A's certificate fails verification. */
    static TlsParameters trustingRootB() {
        return TlsParameters.builder().trustCertificates(TestPki.get().rootB.certificate()).build();
    }
}
