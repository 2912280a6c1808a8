package io.copas.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.copas.core.Copas;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Servers that lie, babble, stall or inject: the client ends with a clear error, never hangs. */
class HostileServerTest {

    private RawFtpServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] get(FtpRequest.Builder request) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InTask.run(() -> Ftp.get(request.sink(out::writeBytes).build()));
        return out.toByteArray();
    }

    /** Serves one RETR on {@code data}, then QUIT. */
    private static void retr(RawFtpServer.Connection c, ServerSocket data, String content) throws IOException {
        c.expect("RETR");
        c.send("150 here it comes\r\n");
        try (Socket d = data.accept()) {
            d.getOutputStream().write(content.getBytes(StandardCharsets.UTF_8));
        }
        c.send("226 done\r\n");
        c.expect("QUIT");
        c.send("221 bye\r\n");
    }

    @Test
    void pasvPointingAtAnotherHostIsIgnoredForTheControlPeer() throws Exception {
        server = new RawFtpServer(c -> {
            c.greetAndLogin();
            c.expect("EPSV");
            c.send("502 no EPSV here\r\n");
            c.expect("PASV");
            ServerSocket data = c.listen();
            int port = data.getLocalPort();
            // 192.0.2.1 (TEST-NET-1) is nobody: a client that went there would time out
            c.send("227 Entering Passive Mode (192,0,2,1," + (port >> 8) + "," + (port & 0xff) + ")\r\n");
            retr(c, data, "from the control peer");
        });
        assertEquals("from the control peer",
                new String(get(server.request().path("/f")), StandardCharsets.UTF_8));
        assertEquals(List.of(), server.failures);
    }

    @Test
    void downloadCutByTheServerReportsTheServersReply() throws Exception {
        // vsftpd answers 426 on the control connection and resets the data connection: the 426 says why
        server = new RawFtpServer(c -> {
            ServerSocket data = c.passiveTransferBegun("RETR");
            try (Socket d = data.accept()) {
                d.getOutputStream().write("part of it".getBytes(StandardCharsets.UTF_8));
                d.setSoLinger(true, 0); // close with a reset
            }
            c.send("426 Failure writing network stream.\r\n");
            c.waitForClose();
        });
        FtpException e = assertThrows(FtpException.class,
                () -> get(server.request().path("/f").timeout(Duration.ofSeconds(10))));
        assertEquals(426, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("Failure writing network stream"), e.getMessage());
        assertEquals(1, e.getSuppressed().length, "the broken data connection is kept as suppressed");
    }

    @Test
    void aServerThatHangsUpBeforeItsGreetingIsNamedAsSuch() throws Exception {
        // ProFTPD at MaxInstances closes without a word; the message named only the socket
        server = new RawFtpServer(c -> c.socket.close());
        TransferClosedException e = assertThrows(TransferClosedException.class, () -> get(server.request().path("/f")));
        assertTrue(e.getMessage().contains("FTP greeting from 127.0.0.1:" + server.port()), e.getMessage());
    }

    @Test
    void anImplicitFtpsPortThatRefusesInClearReportsTheServersReply() throws Exception {
        // a server at its client limit may answer "421" in clear before any TLS, on an implicit-FTPS port too
        server = new RawFtpServer(c -> {
            c.send("421 Too many users, try again later\r\n");
            c.waitForClose();
        });
        FtpException e = assertThrows(FtpException.class, () -> get(server.request().path("/f")
                .tls(FtpTlsMode.IMPLICIT, TestServers.trustingTheTestRoot())));
        assertEquals(421, e.code());
        assertEquals("Too many users, try again later", e.replyText());
        assertTrue(e.getMessage().startsWith("TLS handshake with 127.0.0.1 (refused in plain text) failed: 421"), e.getMessage());
        assertTrue(e.getCause() instanceof io.copas.tls.PlainTextPeerException, () -> String.valueOf(e.getCause()));
    }

    @Test
    void anImplicitFtpsRequestToAPlainPortStaysAHandshakeFailureQuotingTheGreeting() throws Exception {
        server = new RawFtpServer(c -> {
            c.send("220 plain FTP here\r\n");
            c.waitForClose();
        });
        io.copas.tls.PlainTextPeerException e = assertThrows(io.copas.tls.PlainTextPeerException.class,
                () -> get(server.request().path("/f").tls(FtpTlsMode.IMPLICIT, TestServers.trustingTheTestRoot())));
        assertEquals("220 plain FTP here", e.peerText());
    }

    @Test
    void aRefusalAfterTheTransferBeganNamesThePath() throws Exception {
        // ProFTPD answers a listing of a missing path with 150, then 450: the message lacked the path
        server = new RawFtpServer(c -> {
            ServerSocket data = c.passiveTransferBegun("RETR");
            data.accept().close();
            c.send("450 pub/nope: No such file or directory\r\n");
            c.waitForClose();
        });
        FtpException e = assertThrows(FtpException.class, () -> get(server.request().path("/pub/nope")));
        assertTrue(e.getMessage().startsWith("RETR pub/nope failed: 450"), e.getMessage());
    }

    @Test
    void failedEpsvAndPasvNameTheEpsvReplyToo() throws Exception {
        // vsftpd's "500 OOPS" to EPSV holds the cause and ends the session; the PASV reply does not say why
        server = new RawFtpServer(c -> {
            c.greetAndLogin();
            c.expect("EPSV");
            c.send("500 OOPS: vsf_sysutil_bind\r\n");
            c.expect("PASV");
            c.send("500 OOPS: priv_sock_get_int\r\n");
            c.waitForClose();
        });
        FtpException e = assertThrows(FtpException.class, () -> get(server.request().path("/f")));
        assertTrue(e.getMessage().contains("vsf_sysutil_bind"), e.getMessage());
        assertTrue(e.getMessage().contains("priv_sock_get_int"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello world\r\n", "2x0 ok\r\n", "600 what\r\n", "22\r\n", "220_ok\r\n", "\r\n"})
    void malformedReplyCodesEndWithAProtocolError(String greeting) throws Exception {
        server = new RawFtpServer(c -> {
            c.send(greeting);
            c.waitForClose();
        });
        FtpProtocolException e = assertThrows(FtpProtocolException.class, () -> get(server.request()));
        assertTrue(e.getMessage().contains("malformed reply"), e.getMessage());
        assertEquals(0, e.code());
    }

    @Test
    void endlessMultiLineReplyIsCutAtTheLimit() throws Exception {
        server = new RawFtpServer(c -> {
            c.send("220-welcome\r\n");
            while (true) {
                c.send("220-and more, and more, and more, and more, and more\r\n");
            }
        });
        FtpProtocolException e = assertThrows(FtpProtocolException.class, () -> get(server.request()));
        assertTrue(e.getMessage().contains("longer than 65536 bytes"), e.getMessage());
    }

    @Test
    void endlessLineIsCutAtTheLimit() throws Exception {
        server = new RawFtpServer(c -> {
            c.send("220 ");
            while (true) {
                c.send("x".repeat(1000));
            }
        });
        FtpProtocolException e = assertThrows(FtpProtocolException.class, () -> get(server.request()));
        assertTrue(e.getMessage().contains("longer than 8192 bytes"), e.getMessage());
    }

    @Test
    void replySplitAcrossReadsIsReassembled() throws Exception {
        server = new RawFtpServer(c -> {
            // one byte per write, flushed: the client sees the greeting in many pieces
            for (char ch : "120 soon\r\n220-multi\r\n line\r\n220 ready\r\n".toCharArray()) {
                c.send(String.valueOf(ch));
            }
            c.expect("USER");
            c.send("230 no password needed\r\n");
            ServerSocket data = c.epsv();
            retr(c, data, "ok");
        });
        assertEquals("ok", new String(get(server.request().path("f")), StandardCharsets.UTF_8));
        assertEquals(List.of(), server.failures);
    }

    @Test
    void activeDataConnectionThatNeverOpensTimesOut() throws Exception {
        server = new RawFtpServer(c -> {
            c.greetAndLogin();
            c.expect("EPRT");
            c.send("200 fine\r\n");
            c.expect("RETR");
            c.send("150 opening (not really)\r\n");
            c.waitForClose();
        });
        TransferTimeoutException e = assertThrows(TransferTimeoutException.class,
                () -> get(server.request().path("f").passive(false)));
        assertTrue(e.getMessage().contains("did not open the active data connection"), e.getMessage());
    }

    @Test
    void stalledDataConnectionTimesOutWhileOtherTasksGoOn() throws Exception {
        server = new RawFtpServer(c -> {
            ServerSocket data = c.passiveTransferBegun("RETR");
            try (Socket d = data.accept()) {
                d.getOutputStream().write("some bytes, then nothing".getBytes(StandardCharsets.US_ASCII));
                c.waitForClose();
            }
        });
        AtomicInteger ticks = new AtomicInteger();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        assertThrows(TransferTimeoutException.class, () -> InTask.run(() -> {
            var ticker = Copas.scheduler().add("ticker", () -> {
                while (true) {
                    ticks.incrementAndGet();
                    Copas.pause(Duration.ofMillis(20));
                }
            });
            try {
                Ftp.get(server.request().path("f").sink(received::writeBytes).build());
            } finally {
                Copas.scheduler().remove(ticker);
            }
        }));
        assertEquals("some bytes, then nothing", received.toString(StandardCharsets.US_ASCII));
        assertTrue(ticks.get() > 1, "the other task kept running");
    }

    @Test
    void uploadWithoutAFinalReplyTimesOut() throws Exception {
        server = new RawFtpServer(c -> {
            ServerSocket data = c.passiveTransferBegun("STOR");
            try (Socket d = data.accept(); InputStream in = d.getInputStream()) {
                in.readAllBytes();
            }
            c.waitForClose(); // never says 226
        });
        assertThrows(TransferTimeoutException.class, () -> InTask.call(() -> Ftp.put(
                server.request().path("f").source(FtpSource.of("data")).build())));
    }

    @Test
    void uploadReadsWhatTheServerSentOnTheDataConnectionSoNoResetLosesData() throws Exception {
        // a TLS 1.3 server sends a session ticket on the data connection; a client that closes
        // with it unread sends a reset, which can destroy data the server has not read yet
        byte[] data = new byte[256 * 1024];
        java.util.Arrays.fill(data, (byte) 'x');
        server = new RawFtpServer(c -> {
            c.greetAndLogin();
            ServerSocket listener = c.epsv();
            c.expect("STOR");
            try (Socket d = listener.accept()) {
                d.getOutputStream().write('!');
                c.send("150 send it\r\n");
                byte[] got = d.getInputStream().readAllBytes();
                c.send(got.length == data.length ? "226 all there\r\n" : "426 got " + got.length + "\r\n");
            }
            c.expect("QUIT");
            c.send("221 bye\r\n");
        });
        long sent = InTask.call(() -> Ftp.put(server.request().path("f").source(FtpSource.of(data)).build()));
        assertEquals(data.length, sent);
        assertEquals(List.of(), server.failures);
    }

    @Test
    void refusedAuthTlsEndsTheRequestBeforeUserOrPassword() throws Exception {
        server = new RawFtpServer(c -> {
            c.send("220 hi\r\n");
            c.expect("AUTH TLS");
            c.send("502 no TLS here\r\n");
            c.waitForClose();
        });
        FtpException e = assertThrows(FtpException.class,
                () -> get(server.request().user("me").password("secret").tls(FtpTlsMode.EXPLICIT)));
        assertEquals(502, e.code());
        assertEquals(List.of("AUTH TLS"), server.commands);
    }

    @Test
    void plainTextInjectedAfterAuthTlsIsRefused() throws Exception {
        server = new RawFtpServer(c -> {
            c.send("220 hi\r\n");
            c.expect("AUTH TLS");
            c.send("234 go ahead\r\n230 injected: logged in\r\n");
            c.waitForClose();
        });
        FtpProtocolException e = assertThrows(FtpProtocolException.class,
                () -> get(server.request().tls(FtpTlsMode.EXPLICIT)));
        assertTrue(e.getMessage().contains("plain text after agreeing to TLS"), e.getMessage());
        assertFalse(server.commands.stream().anyMatch(cmd -> cmd.startsWith("PASS")));
    }

    @Test
    void activeConnectionFromAnotherAddressIsRefused() throws Exception {
        InetAddress stranger = InetAddress.getByName("127.0.0.2");
        assumeTrue(canBind(stranger), "127.0.0.2 is not usable here");
        server = new RawFtpServer(c -> {
            c.greetAndLogin();
            Matcher m = Pattern.compile("EPRT \\|1\\|([0-9.]+)\\|(\\d+)\\|").matcher(c.expect("EPRT"));
            assertTrue(m.matches());
            InetSocketAddress client = new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
            c.send("200 fine\r\n");
            c.expect("RETR");
            c.send("150 coming\r\n");
            try (Socket thief = new Socket()) {
                thief.bind(new InetSocketAddress(stranger, 0));
                thief.connect(client);
                assertEquals(-1, thief.getInputStream().read(), "the stranger's connection is closed");
            }
            try (Socket d = new Socket(client.getAddress(), client.getPort())) {
                d.getOutputStream().write("for the client only".getBytes(StandardCharsets.US_ASCII));
            }
            c.send("226 done\r\n");
            c.expect("QUIT");
            c.send("221 bye\r\n");
        });
        assertEquals("for the client only", new String(get(server.request().path("f").passive(false)
                .timeout(Duration.ofSeconds(10))), StandardCharsets.US_ASCII));
        assertEquals(List.of(), server.failures);
    }

    private static boolean canBind(InetAddress address) {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
