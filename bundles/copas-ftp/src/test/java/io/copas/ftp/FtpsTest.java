package io.copas.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.tls.TlsParameters;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FTPS against Apache FtpServer: explicit and implicit, verification, session reuse. */
class FtpsTest {

    @TempDir
    Path root;
    EmbeddedFtpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static TlsParameters trustingTheTestRoot() {
        return TestServers.trustingTheTestRoot();
    }

    private FtpRequest.Builder request(FtpTlsMode mode, String path) {
        return FtpRequest.builder().host("127.0.0.1").port(server.port).user("me").password("secret")
                .path(path).type(FtpType.BINARY).tls(mode, trustingTheTestRoot());
    }

    private byte[] roundTrip(FtpTlsMode mode, boolean passive) throws Exception {
        byte[] data = new byte[150_000];
        new Random(11).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InTask.run(() -> {
            assertEquals(data.length, Ftp.put(request(mode, "secret.bin").passive(passive).source(FtpSource.of(data)).build()));
            Ftp.get(request(mode, "secret.bin").passive(passive).sink(out::writeBytes).build());
        });
        assertArrayEquals(data, Files.readAllBytes(root.resolve("secret.bin")));
        assertArrayEquals(data, out.toByteArray());
        return out.toByteArray();
    }

    @Test
    void explicitFtpsPutAndGet() throws Exception {
        server = EmbeddedFtpServer.start(root, "127.0.0.1", FtpTlsMode.EXPLICIT);
        roundTrip(FtpTlsMode.EXPLICIT, true);
    }

    @Test
    void explicitFtpsInActiveMode() throws Exception {
        server = EmbeddedFtpServer.start(root, "127.0.0.1", FtpTlsMode.EXPLICIT);
        roundTrip(FtpTlsMode.EXPLICIT, false);
    }

    @Test
    void implicitFtpsPutAndGet() throws Exception {
        server = EmbeddedFtpServer.start(root, "127.0.0.1", FtpTlsMode.IMPLICIT);
        roundTrip(FtpTlsMode.IMPLICIT, true);
    }

    @Test
    void dataConnectionsResumeTheControlConnectionsTlsSession() throws Exception {
        try (RawFtpServer raw = new RawFtpServer(reuseRequired(serverContext(), false))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InTask.run(() -> Ftp.get(raw.request().tls(FtpTlsMode.EXPLICIT, trustingTheTestRoot()).path("f")
                    .timeout(Duration.ofSeconds(10)).sink(out::writeBytes).build()));
            assertEquals("resumed", out.toString(StandardCharsets.US_ASCII));
            assertEquals(List.of(), raw.failures);
        }
    }

    @Test
    void concurrentRequestsSharingTlsParametersEachResumeTheirOwnControlSession() throws Exception {
        // found against vsftpd and ProFTPD: the data connections looked the session up under the
        // server's host and control port, where every request to that server stores its own, so
        // a data connection resumed another request's session and the server refused it
        TlsParameters shared = trustingTheTestRoot();
        int requests = 6;
        try (RawFtpServer raw = new RawFtpServer(reuseRequired(serverContext(), false))) {
            List<String> got = new CopyOnWriteArrayList<>();
            InTask.run(() -> {
                for (int i = 0; i < requests; i++) { // the loop returns when all of them ended
                    Copas.scheduler().add(() -> got.add(getF(raw, shared)));
                }
            });
            InTask.run(() -> got.add(getF(raw, shared))); // and one more, after them
            assertEquals(Collections.nCopies(requests + 1, "resumed"), got);
            assertEquals(List.of(), raw.failures);
        }
    }

    @Test
    void refusedSessionReuseNamesTheJdkSettingThatHelpsOverTls12() throws Exception {
        // vsftpd over TLS 1.2: the JDK drops its session tickets (valid for longer than 7 days)
        try (RawFtpServer raw = new RawFtpServer(reuseRequired(serverContext(), true))) {
            FtpException e = assertThrows(FtpException.class, () -> InTask.run(() -> getF(raw, trustingTheTestRoot())));
            assertEquals(522, e.code());
            assertTrue(e.getMessage().contains("-Djdk.tls.client.enableSessionTicketExtension=false"), e.getMessage());
        }
    }

    private static String getF(RawFtpServer raw, TlsParameters tls) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Ftp.get(raw.request().tls(FtpTlsMode.EXPLICIT, tls).path("f").timeout(Duration.ofSeconds(10))
                .sink(out::writeBytes).build());
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** A server like vsftpd with require_ssl_reuse: a data connection must resume its control connection's session. */
    private static RawFtpServer.Script reuseRequired(SSLContext context, boolean refuseAll) {
        return c -> {
            c.send("220 reuse required\r\n");
            c.expect("AUTH TLS");
            c.send("234 go\r\n");
            SSLSession control = c.upgrade(context).getSession();
            c.expect("PBSZ 0");
            c.send("200 ok\r\n");
            c.expect("PROT P");
            c.send("200 ok\r\n");
            c.login();
            ServerSocket data = c.epsv();
            c.expect("RETR");
            c.send("150 here\r\n");
            try (Socket plain = data.accept(); SSLSocket d = RawFtpServer.serverSide(context, plain)) {
                if (refuseAll || !Arrays.equals(d.getSession().getId(), control.getId())) {
                    c.send("522 SSL connection failed: session reuse required\r\n");
                    return;
                }
                d.getOutputStream().write("resumed".getBytes(StandardCharsets.US_ASCII));
            }
            c.send("226 done\r\n");
            c.expect("QUIT");
            c.send("221 bye\r\n");
        };
    }

    private static SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(TestCertificates.get().serverKeyStore(), TestCertificates.PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    @Test
    void certificatesAreVerifiedByDefault() throws Exception {
        server = EmbeddedFtpServer.start(root, "127.0.0.1", FtpTlsMode.EXPLICIT);
        // no trust given: the JDK's trust store does not know the test root
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> InTask.run(() -> Ftp.get(
                FtpRequest.builder().host("127.0.0.1").port(server.port).user("me").password("secret")
                        .path("x").tls(FtpTlsMode.EXPLICIT).sink(chunk -> { }).build())));
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    }

    @Test
    void theServerNameOfTheParametersIsVerifiedInsteadOfTheHost() throws Exception {
        server = EmbeddedFtpServer.start(root, "127.0.0.1", FtpTlsMode.EXPLICIT);
        server.write("n.txt", "named".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TlsParameters localhost = TlsParameters.builder().trustCertificates(TestCertificates.get().root)
                .serverName("localhost").build();
        InTask.run(() -> Ftp.get(request(FtpTlsMode.EXPLICIT, "n.txt").tls(FtpTlsMode.EXPLICIT, localhost)
                .sink(out::writeBytes).build()));
        assertEquals("named", out.toString(StandardCharsets.US_ASCII));
        // a name the certificate does not hold fails, though it holds the host 127.0.0.1 (the name was ignored)
        TlsParameters other = TlsParameters.builder().trustCertificates(TestCertificates.get().root)
                .serverName("other.example").build();
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () -> InTask.run(() -> Ftp.get(
                request(FtpTlsMode.EXPLICIT, "n.txt").tls(FtpTlsMode.EXPLICIT, other).sink(chunk -> { }).build())));
        assertTrue(e.getMessage().contains("other.example"), e.getMessage());
    }

    @Test
    void ftpsUrlMeansImplicitTls() throws Exception {
        server = EmbeddedFtpServer.start(root, "127.0.0.1", FtpTlsMode.IMPLICIT);
        server.write("u.txt", "via ftps://".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InTask.run(() -> Ftp.get(FtpRequest.builder("ftps://me:secret@127.0.0.1:" + server.port + "/u.txt")
                .tls(FtpTlsMode.IMPLICIT, trustingTheTestRoot()).sink(out::writeBytes).build()));
        assertEquals("via ftps://", out.toString(StandardCharsets.US_ASCII));
    }
}
