package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.tls.TlsParameters;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TlsEchoTest {

    private static ExamplePki pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = ExamplePki.create();
    }

    private static int port(Server server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Test
    void echoesOverTls13WithAVerifiedCertificate() throws Exception {
        Scheduler scheduler = Scheduler.create();
        Server server = TlsEcho.start(scheduler, TlsEcho.serverParameters(pki.serverKey(), pki.server(), pki.root()));
        String answer = InLoop.run(scheduler,
                () -> TlsEcho.echo(port(server), TlsEcho.clientParameters(pki.root()), "secret"));
        assertEquals("secret over TLSv1.3", answer);
    }

    @Test
    void aClientThatDoesNotTrustTheRootRefusesTheServer() throws Exception {
        Scheduler scheduler = Scheduler.create();
        Server server = TlsEcho.start(scheduler, TlsEcho.serverParameters(pki.serverKey(), pki.server(), pki.root()));
        TlsParameters jdkTrustStore = TlsParameters.defaults();
        assertThrows(SSLHandshakeException.class,
                () -> InLoop.run(scheduler, () -> TlsEcho.echo(port(server), jdkTrustStore, "secret")));
    }
}
