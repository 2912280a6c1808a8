package io.copas.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.smtp.SmtpHarness.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STARTTLS under each policy, implicit TLS, and AUTH over TLS, against a scripted server. */
class StartTlsTest {

    private static SSLContext serverContext;

    @BeforeAll
    static void contexts() throws Exception {
        serverContext = TlsTestSupport.serverContext();
    }

    private static SmtpRequest.Builder request(ScriptedServer server, TlsPolicy policy) {
        return SmtpRequest.builder().server("127.0.0.1").port(server.port())
                .from("ana@example.org").recipient("bob@example.org")
                .message("Subject: secret\r\n\r\nover TLS\r\n")
                .tlsPolicy(policy).tlsParameters(TlsTestSupport.trustingRootA()).timeout(Duration.ofSeconds(10));
    }

    /** After the handshake: EHLO again, then a transaction; returns the data. */
    private static byte[] afterHandshake(ScriptedServer.Peer p, String... extensions) throws IOException {
        p.on("EHLO", extensions.length == 0 ? new String[] {"250 secure"} : extensions);
        p.on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
        byte[] data = p.data();
        p.say("250 queued").on("QUIT", "221 bye");
        return data;
    }

    @Test
    void requiredUpgradesAndSaysEhloAgain() throws Exception {
        byte[][] data = new byte[1][];
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS").on("STARTTLS", "220 go ahead").startTls(serverContext);
            data[0] = afterHandshake(p);
        })) {
            SmtpResult result = SmtpHarness.send(request(server, TlsPolicy.REQUIRED).build()).ok();
            server.awaitScript();
            assertTrue(result.secure());
            assertArrayEquals("Subject: secret\r\n\r\nover TLS\r\n.\r\n".getBytes(StandardCharsets.US_ASCII), data[0]);
        }
    }

    @Test
    void opportunisticUpgradesWhenOffered() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS").on("STARTTLS", "220 go ahead").startTls(serverContext);
            afterHandshake(p);
        })) {
            assertTrue(SmtpHarness.send(request(server, TlsPolicy.OPPORTUNISTIC).build()).ok().secure());
            server.awaitScript();
        }
    }

    @Test
    void requiredNeverFallsBackWhenStartTlsIsStripped() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("PIPELINING", "AUTH PLAIN").on("QUIT", "221 bye");
        })) {
            Outcome outcome = SmtpHarness.send(request(server, TlsPolicy.REQUIRED).credentials("ana", "secret").build());
            server.awaitScript();
            SmtpException e = outcome.failed(SmtpException.class);
            assertEquals("STARTTLS", e.command());
            assertFalse(server.clientSent("MAIL"), "nothing of the mail in clear text");
            assertFalse(server.clientSent("AUTH"), "no credentials in clear text");
        }
    }

    @Test
    void requiredFailsWhenStartTlsIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS").on("STARTTLS", "454 TLS not available now").on("QUIT", "221 bye");
        })) {
            Outcome outcome = SmtpHarness.send(request(server, TlsPolicy.REQUIRED).build());
            server.awaitScript();
            assertEquals(454, outcome.failed(SmtpException.class).code());
            assertFalse(server.clientSent("MAIL"));
        }
    }

    @Test
    void opportunisticGoesOnInClearWhenRefusedOrNotOffered() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS").on("STARTTLS", "454 not now");
            p.on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            p.data();
            p.say("250 ok").on("QUIT", "221 bye");
        })) {
            assertFalse(SmtpHarness.send(request(server, TlsPolicy.OPPORTUNISTIC).build()).ok().secure());
            server.awaitScript();
        }
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("8BITMIME");
            p.on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            p.data();
            p.say("250 ok").on("QUIT", "221 bye");
        })) {
            assertFalse(SmtpHarness.send(request(server, TlsPolicy.OPPORTUNISTIC).build()).ok().secure());
            server.awaitScript();
        }
    }

    @Test
    void offNeverSendsStartTls() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS");
            p.on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            p.data();
            p.say("250 ok").on("QUIT", "221 bye");
        })) {
            SmtpHarness.send(request(server, TlsPolicy.OFF).build()).ok();
            server.awaitScript();
            assertFalse(server.clientSent("STARTTLS"));
        }
    }

    @Test
    void bytesInjectedBeforeTheHandshakeAreRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS").on("STARTTLS");
            p.raw("220 go ahead\r\n250 injected\r\n");
            p.drain();
        })) {
            Outcome outcome = SmtpHarness.send(request(server, TlsPolicy.OPPORTUNISTIC).build());
            server.awaitScript();
            assertTrue(outcome.failed(SmtpException.class).getMessage().contains("after its STARTTLS reply"));
        }
    }

    @Test
    void untrustedCertificateFailsTheSendWithoutClearTextFallback() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS").on("STARTTLS", "220 go ahead");
            try {
                p.startTls(serverContext);
            } catch (IOException expected) {
                // the client refuses the certificate
            }
        })) {
            Outcome outcome = SmtpHarness.send(request(server, TlsPolicy.OPPORTUNISTIC)
                    .tlsParameters(TlsTestSupport.trustingRootB()).build());
            server.awaitScript();
            outcome.failed(SSLException.class);
            assertFalse(server.clientSent("MAIL"));
        }
    }

    @Test
    void credentialsGoOverTlsWithPlain() throws Exception {
        String[] auth = new String[1];
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS").on("STARTTLS", "220 go ahead").startTls(serverContext);
            p.on("EHLO", "250-secure", "250 AUTH LOGIN PLAIN CRAM-MD5");
            auth[0] = p.line();
            p.say("235 welcome");
            p.on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            p.data();
            p.say("250 ok").on("QUIT", "221 bye");
        })) {
            SmtpHarness.send(request(server, TlsPolicy.REQUIRED).credentials("ana", "s3cret").build()).ok();
            server.awaitScript();
            assertTrue(auth[0].startsWith("AUTH PLAIN "), auth[0]);
            assertEquals("\0ana\0s3cret", new String(Base64.getDecoder().decode(auth[0].substring(11)), StandardCharsets.UTF_8));
        }
    }

    @Test
    void serverSilentAfterItsStartTlsReplyTimesOutTheHandshake() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS").on("STARTTLS", "220 go ahead");
            p.drain(); // reads the client hello, never answers
        })) {
            Outcome outcome = SmtpHarness.send(request(server, TlsPolicy.REQUIRED).connectTimeout(Duration.ofMillis(400)).build());
            server.awaitScript();
            outcome.failed(io.copas.core.TransferTimeoutException.class);
            assertTrue(outcome.heartbeats() > 0, "other tasks ran during the handshake");
            assertFalse(server.clientSent("MAIL"));
        }
    }

    @Test
    void implicitTlsStartsWithTheHandshake() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.startTls(serverContext);
            p.say("220 smtps ready");
            afterHandshake(p);
        })) {
            SmtpResult result = SmtpHarness.send(request(server, TlsPolicy.OFF).implicitTls(true).build()).ok();
            server.awaitScript();
            assertTrue(result.secure());
        }
    }

    /** Found against Exim: over its connection limit it answers 421 in clear on its implicit-TLS port. */
    @Test
    void implicitTlsRefusedInClearIsAnSmtpExceptionWithTheServersCode() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.say("421 Too many concurrent SMTP connections; please try again later.");
            p.drain();
        })) {
            Outcome outcome = SmtpHarness.send(request(server, TlsPolicy.OFF).implicitTls(true).build());
            server.awaitScript();
            SmtpException refused = outcome.failed(SmtpException.class);
            assertEquals(421, refused.code());
            assertTrue(refused.isTransient(), "a 421 is worth a retry");
            assertEquals("connect", refused.command());
            assertEquals("Too many concurrent SMTP connections; please try again later.", refused.replyText());
            assertTrue(refused.getCause() instanceof io.copas.tls.PlainTextPeerException, () -> String.valueOf(refused.getCause()));
            assertFalse(server.clientSent("QUIT"), "nothing in clear on a TLS port");
        }
    }

    @Test
    void implicitTlsRefusedPermanentlyInClearIsNotTransient() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.say("554-no service for you");
            p.say("554 go away");
            p.drain();
        })) {
            SmtpException refused = SmtpHarness.send(request(server, TlsPolicy.OFF).implicitTls(true).build())
                    .failed(SmtpException.class);
            server.awaitScript();
            assertEquals(554, refused.code());
            assertFalse(refused.isTransient());
        }
    }

    @Test
    void implicitTlsToAPlainSmtpPortStaysAHandshakeFailureQuotingTheGreeting() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.say("220 plain ESMTP");
            p.drain();
        })) {
            Outcome outcome = SmtpHarness.send(request(server, TlsPolicy.OFF).implicitTls(true).build());
            server.awaitScript();
            io.copas.tls.PlainTextPeerException failure = outcome.failed(io.copas.tls.PlainTextPeerException.class);
            assertEquals("220 plain ESMTP", failure.peerText());
        }
    }
}
