package io.copas.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.smtp.SmtpHarness.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Replies a real server would not send, and servers that stall or hang up: every case ends with
 * a typed exception (or the right result), the loop keeps running, nothing hangs.
 */
class HostileServerTest {

    private static final Duration SHORT = Duration.ofMillis(400);

    private static SmtpRequest.Builder request(ScriptedServer server) {
        return SmtpRequest.builder().server(server.address().getHostAddress()).port(server.port())
                .from("ana@example.org").recipient("bob@example.org")
                .message("Subject: hi\r\n\r\nhello\r\n")
                .tlsPolicy(TlsPolicy.OFF).timeout(Duration.ofSeconds(10));
    }

    private static Outcome run(ScriptedServer.Script script) throws Exception {
        return run(script, b -> b);
    }

    private static Outcome run(ScriptedServer.Script script, java.util.function.UnaryOperator<SmtpRequest.Builder> tweak) throws Exception {
        try (ScriptedServer server = new ScriptedServer(script)) {
            Outcome outcome = SmtpHarness.send(tweak.apply(request(server)).build());
            server.awaitScript();
            return outcome;
        }
    }

    /** A well-behaved transaction after the greeting and EHLO. */
    private static void transaction(ScriptedServer.Peer p) throws IOException {
        p.on("MAIL FROM:<ana@example.org>", "250 ok").on("RCPT TO:<bob@example.org>", "250 ok").on("DATA", "354 go");
        p.data();
        p.say("250 queued as 42").on("QUIT", "221 bye");
    }

    private static SmtpException smtpFailure(Outcome outcome, int code) {
        SmtpException e = outcome.failed(SmtpException.class);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void multiLineGreetingAndEhloRepliesAreReadWhole() throws Exception {
        Outcome outcome = run(p -> {
            p.raw("220-first line\r\n220-second\r\n220 last\r\n").line();
            p.raw("250-scripted\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 HELP\r\n");
            transaction(p);
        });
        assertEquals("queued as 42", outcome.ok().text());
    }

    @Test
    void garbageGreetingIsAMalformedReply() throws Exception {
        Outcome outcome = run(p -> {
            p.say("hello there");
            p.drain();
        });
        SmtpException e = smtpFailure(outcome, SmtpException.NO_REPLY);
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    @Test
    void codesOutsideTwoToFiveAreMalformed() throws Exception {
        Outcome outcome = run(p -> {
            p.say("600 what");
            p.drain();
        });
        smtpFailure(outcome, SmtpException.NO_REPLY);
    }

    @Test
    void codeWithoutSeparatorIsMalformed() throws Exception {
        Outcome outcome = run(p -> {
            p.say("2200 ok");
            p.drain();
        });
        smtpFailure(outcome, SmtpException.NO_REPLY);
    }

    @Test
    void multiLineReplyWhoseCodesDifferIsMalformed() throws Exception {
        Outcome outcome = run(p -> {
            p.raw("220-first\r\n250 other\r\n");
            p.drain();
        });
        assertTrue(smtpFailure(outcome, SmtpException.NO_REPLY).getMessage().contains("codes differ"));
    }

    @Test
    void endlessReplyLineFailsAtTheLimit() throws Exception {
        Outcome outcome = run(p -> {
            p.raw("220 " + "x".repeat(100_000));
            p.drain();
        });
        assertTrue(smtpFailure(outcome, SmtpException.NO_REPLY).getMessage().contains("longer than"));
    }

    @Test
    void endlessMultiLineReplyFailsAtTheLimit() throws Exception {
        Outcome outcome = run(p -> {
            p.raw("220-more\r\n".repeat(1000));
            p.drain();
        });
        assertTrue(smtpFailure(outcome, SmtpException.NO_REPLY).getMessage().contains("lines"));
    }

    @Test
    void serviceNotAvailableAtGreeting() throws Exception {
        Outcome outcome = run(p -> {
            p.say("421 too busy, try later");
            p.drain();
        });
        SmtpException e = smtpFailure(outcome, 421);
        assertTrue(e.isTransient());
        assertEquals("too busy, try later", e.replyText());
    }

    @Test
    void serviceClosingAfterEhlo() throws Exception {
        Outcome outcome = run(p -> {
            p.say("220 hi").on("EHLO", "421 shutting down");
            p.drain();
        });
        assertEquals("EHLO", smtpFailure(outcome, 421).command());
    }

    @Test
    void serviceClosingAfterMailFromSendsNoQuit() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet().on("MAIL", "421 closing");
            p.drain();
        })) {
            Outcome outcome = SmtpHarness.send(request(server).build());
            server.awaitScript();
            smtpFailure(outcome, 421);
            assertFalse(server.clientSent("QUIT"), "no QUIT after 421");
        }
    }

    @Test
    void serviceClosingAtARecipient() throws Exception {
        Outcome outcome = run(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "421 closing");
            p.drain();
        });
        assertEquals("RCPT TO", smtpFailure(outcome, 421).command());
    }

    @Test
    void serviceClosingAfterTheData() throws Exception {
        Outcome outcome = run(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            p.data();
            p.say("421 lost it");
            p.drain();
        });
        assertEquals("end of data", smtpFailure(outcome, 421).command());
    }

    @Test
    void permanentRefusalAtGreeting() throws Exception {
        // RFC 5321 section 3.1: a server that greets with 554 waits for QUIT (it was not sent)
        Outcome outcome = run(p -> {
            p.say("554 no SMTP service here");
            p.on("QUIT", "221 bye");
            p.drain();
        });
        SmtpException e = smtpFailure(outcome, 554);
        assertFalse(e.isTransient());
    }

    @Test
    void aServerClosingDuringTheRecipientsKeepsWhatItSaidOfThoseBefore() throws Exception {
        // Postfix's hard error limit: the refusals that led to the 421 were dropped, so a retry of
        // the same list failed the same way without saying which addresses were bad
        Outcome outcome = run(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT TO:<bob@example.org>", "550 5.1.1 unknown user")
                    .on("RCPT TO:<carol@example.org>", "421 4.7.0 too many errors");
            p.drain();
        }, b -> b.recipient("carol@example.org"));
        SmtpException e = smtpFailure(outcome, 421);
        assertEquals(List.of(new RecipientResult("bob@example.org", 550, "5.1.1 unknown user")), e.recipients());
        assertTrue(e.getMessage().contains("bob@example.org 550"), e.getMessage());
    }

    @Test
    void aServerThatGivesUpDuringTheDataIsHeardThoughTheSendBroke() throws Exception {
        // Postfix and Exim answer 421 on their data timeout and close: with much left to send the
        // client reported only its broken pipe
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            p.say("421 4.4.2 Error: timeout exceeded");
            p.hangUp();
        })) {
            Outcome outcome = SmtpHarness.send(request(server).message(new GeneratedSource(64L * 1024 * 1024)).build());
            server.awaitScript();
            SmtpException e = smtpFailure(outcome, 421);
            assertTrue(e.getMessage().contains("timeout exceeded"), e.getMessage());
            assertEquals(1, e.getSuppressed().length, "the broken send is kept as suppressed");
        }
    }

    @Test
    void ehloRefusedFallsBackToHelo() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.say("220 old").on("EHLO", "502 what is EHLO").on("HELO example.test", "250 hello");
            transaction(p);
        })) {
            Outcome outcome = SmtpHarness.send(request(server).domain("example.test").build());
            server.awaitScript();
            assertEquals(250, outcome.ok().code());
            assertTrue(server.clientSent("MAIL FROM:<ana@example.org>"));
            assertFalse(server.received.stream().anyMatch(l -> l.contains("BODY=")), "no extension after HELO");
        }
    }

    @Test
    void refusedSenderCarriesCodeAndTextAndQuits() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet().on("MAIL", "550-5.7.1 sender rejected", "550 5.7.1 see policy").on("QUIT", "221 bye");
        })) {
            Outcome outcome = SmtpHarness.send(request(server).build());
            server.awaitScript();
            SmtpException e = smtpFailure(outcome, 550);
            assertEquals("MAIL FROM", e.command());
            assertEquals("5.7.1 sender rejected\n5.7.1 see policy", e.replyText());
        }
    }

    @Test
    void oneRefusedRecipientIsReportedAndTheOthersGetTheMessage() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT TO:<bob@", "250 ok").on("RCPT TO:<nobody@", "550 no such user")
                    .on("RCPT TO:<carl@", "250 ok").on("DATA", "354 go");
            p.data();
            p.say("250 queued").on("QUIT", "221 bye");
        })) {
            Outcome outcome = SmtpHarness.send(request(server).recipient("nobody@example.org", "carl@example.org").build());
            server.awaitScript();
            SmtpResult result = outcome.ok();
            assertEquals(List.of("bob@example.org", "carl@example.org"), result.accepted().stream().map(RecipientResult::address).toList());
            assertEquals(List.of(new RecipientResult("nobody@example.org", 550, "no such user")), result.refused());
        }
    }

    @Test
    void everyRecipientRefusedSendsNoData() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "550 no").on("RCPT", "450 later").on("QUIT", "221 bye");
        })) {
            Outcome outcome = SmtpHarness.send(request(server).recipient("carl@example.org").build());
            server.awaitScript();
            SmtpException e = smtpFailure(outcome, 550); // the permanent refusal; was 450, the last one's
            assertFalse(e.isTransient(), "a retry cannot help the recipient refused for good");
            assertEquals(2, e.recipients().size());
            assertFalse(server.clientSent("DATA"));
        }
    }

    @Test
    void everyRecipientRefusedOnlyForNowIsATransientFailure() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "450 later").on("RCPT", "451 try again").on("QUIT", "221 bye");
        })) {
            Outcome outcome = SmtpHarness.send(request(server).recipient("carl@example.org").build());
            server.awaitScript();
            assertTrue(smtpFailure(outcome, 451).isTransient());
        }
    }

    @Test
    void anUnansweredQuitWaitsNoLongerThanTheRequestsTimeout() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            p.data();
            p.say("250 queued").on("QUIT"); // and never answers it
            p.drain();
        })) {
            long start = System.nanoTime();
            Outcome outcome = SmtpHarness.send(request(server).ioTimeout(SHORT).build());
            long millis = (System.nanoTime() - start) / 1_000_000;
            server.awaitScript();
            outcome.ok(); // the message was accepted: an unanswered QUIT does not fail the send
            assertTrue(millis < 8_000, "the QUIT reply was awaited " + millis + " ms, not the request's 400 ms"
                    + " (it was a fixed 10 s)");
        }
    }

    @Test
    void refusedData() throws Exception {
        Outcome outcome = run(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "554 no thanks").on("QUIT", "221 bye");
        });
        assertEquals("DATA", smtpFailure(outcome, 554).command());
    }

    @Test
    void serverHangingUpMidReplyIsAClosedTransfer() throws Exception {
        Outcome outcome = run(p -> {
            p.raw("220-one\r\n220-tw");
        });
        outcome.failed(TransferClosedException.class);
    }

    @Test
    void silentServerTimesOutWhileTheLoopGoesOn() throws Exception {
        Outcome outcome = run(p -> {
            p.say("220 hi").line();
            p.drain(); // never answers EHLO
        }, b -> b.ioTimeout(SHORT));
        TransferTimeoutException e = outcome.failed(TransferTimeoutException.class);
        assertTrue(e.getMessage().startsWith("SMTP EHLO with 127.0.0.1:"), e.getMessage()); // which step waited
        assertTrue(outcome.heartbeats() > 0, "other tasks ran while the send waited");
    }

    @Test
    void serverThatStopsReadingMidDataTimesOut() throws Exception {
        CountDownLatch clientGaveUp = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            clientGaveUp.await(); // reads nothing more: the socket buffers fill up
            p.drain();
        })) {
            Outcome outcome = SmtpHarness.send(request(server).ioTimeout(SHORT)
                    .message(new GeneratedSource(64L * 1024 * 1024)).build());
            clientGaveUp.countDown();
            server.awaitScript();
            TransferTimeoutException e = outcome.failed(TransferTimeoutException.class);
            assertTrue(e.lastIndex() >= 0, "a send timed out");
            assertTrue(outcome.heartbeats() > 0, "other tasks ran while the send waited");
        }
    }

    @Test
    void serverThatNeverAnswersTheFinalDotTimesOut() throws Exception {
        Outcome outcome = run(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            p.data();
            p.drain();
        }, b -> b.ioTimeout(SHORT));
        TransferTimeoutException e = outcome.failed(TransferTimeoutException.class);
        // the one step after which the message may have been taken says so
        assertTrue(e.getMessage().contains("end of data (the server may have taken the message)"), e.getMessage());
        assertTrue(outcome.heartbeats() > 0);
    }

    @Test
    void dotsAreStuffedAndBareLineEndsBecomeCrlf() throws Exception {
        byte[][] data = new byte[1][];
        Outcome outcome = run(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            data[0] = p.data();
            p.say("250 ok").on("QUIT", "221 bye");
        }, b -> b.message(".first\nsecond\rthird\r\n..fourth\r\n.\r\nlast"));
        outcome.ok();
        assertArrayEquals("..first\r\nsecond\r\nthird\r\n...fourth\r\n..\r\nlast\r\n.\r\n".getBytes(StandardCharsets.US_ASCII), data[0]);
    }

    @Test
    void failingMessageSourceAbortsWithoutTheFinalDot() throws Exception {
        boolean[] sawEnd = new boolean[1];
        IOException broken = new IOException("disk gone");
        MessageSource source = new MessageSource() {
            private int calls;

            @Override
            public byte[] next() throws IOException {
                if (calls++ == 0) {
                    return "Subject: half\r\n\r\nfirst part\r\n".getBytes(StandardCharsets.US_ASCII);
                }
                throw broken;
            }
        };
        Outcome outcome = run(p -> {
            p.greet().on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            try {
                p.data();
            } catch (IOException endedWithoutDot) {
                sawEnd[0] = true; // the connection closed before the final dot: no message delivered
            }
        }, b -> b.message(source));
        assertEquals(broken, outcome.failure());
        assertTrue(sawEnd[0], "the server never saw the end of the data");
    }

    @Test
    void authRefusalCarriesTheCode() throws Exception {
        Outcome outcome = run(p -> {
            p.greet("AUTH PLAIN").on("AUTH PLAIN ", "535 5.7.8 bad credentials").on("QUIT", "221 bye");
        }, b -> b.credentials("ana", "secret").allowAuthInClear(true));
        assertEquals("AUTH PLAIN", smtpFailure(outcome, 535).command());
    }

    @Test
    void credentialsAreNeverSentInClearToAnotherMachineUnlessAllowed() throws Exception {
        // a server on an address of this machine that is not a loopback one stands for another machine
        java.net.InetAddress elsewhere = ScriptedServer.nonLoopbackAddress().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(elsewhere != null, "this machine has no non-loopback address");
        try (ScriptedServer server = new ScriptedServer(elsewhere, p -> {
            p.greet("AUTH PLAIN LOGIN").on("QUIT", "221 bye");
        })) {
            Outcome outcome = SmtpHarness.send(request(server).credentials("ana", "secret").build());
            server.awaitScript();
            assertEquals("AUTH", smtpFailure(outcome, SmtpException.NO_REPLY).command());
            assertFalse(server.clientSent("AUTH"));
        }
    }

    @Test
    void credentialsGoWithoutTlsToAServerOnThisMachine() throws Exception {
        // a loopback peer: the credentials never cross a network (as Go's net/smtp allows); GreenMail and local relays
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("AUTH PLAIN LOGIN").on("AUTH PLAIN AGFuYQBzZWNyZXQ=", "235 ok");
            transaction(p);
        })) {
            SmtpHarness.send(request(server).credentials("ana", "secret").build()).ok();
            server.awaitScript();
        }
    }

    @Test
    void unsupportedAuthMechanismsFailClearly() throws Exception {
        Outcome outcome = run(p -> {
            p.greet("AUTH GSSAPI NTLM").on("QUIT", "221 bye");
        }, b -> b.credentials("ana", "secret").allowAuthInClear(true));
        assertTrue(smtpFailure(outcome, SmtpException.NO_REPLY).getMessage().contains("GSSAPI"));
    }

    @Test
    void credentialsForAServerThatOffersAuthOnlyAfterStartTlsSayWhy() throws Exception {
        // Postfix's smtpd_tls_auth_only: the plain "does not offer AUTH" did not hint at STARTTLS
        Outcome outcome = run(p -> {
            p.greet("STARTTLS").on("QUIT", "221 bye");
        }, b -> b.credentials("ana", "secret").allowAuthInClear(true));
        String text = smtpFailure(outcome, SmtpException.NO_REPLY).getMessage();
        assertTrue(text.contains("offers STARTTLS") && text.contains("OFF"), text);
    }

    @Test
    void authLoginExchange() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("AUTH=LOGIN").on("AUTH LOGIN", "334 VXNlcm5hbWU6").on("YW5h", "334 UGFzc3dvcmQ6").on("c2VjcmV0", "235 ok");
            transaction(p);
        })) {
            SmtpHarness.send(request(server).credentials("ana", "secret").allowAuthInClear(true).build()).ok();
            server.awaitScript();
        }
    }

    @Test
    void authMechanismsAdvertisedTwiceInTheOldAndNewFormStillLogIn() throws Exception {
        // Postfix with broken_sasl_auth_clients, and Exchange, send both AUTH lines
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("AUTH LOGIN PLAIN", "AUTH=LOGIN PLAIN")
                    .on("AUTH PLAIN ", "235 ok");
            transaction(p);
        })) {
            SmtpHarness.send(request(server).credentials("ana", "secret").allowAuthInClear(true).build()).ok();
            server.awaitScript();
        }
    }

    @Test
    void cramMd5IsPreferredInClearAndAnswersTheChallenge() throws Exception {
        // RFC 2195's example: user tim, password tanstaaftanstaaf
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("AUTH PLAIN LOGIN CRAM-MD5")
                    .on("AUTH CRAM-MD5", "334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")
                    .on("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw", "235 ok");
            transaction(p);
        })) {
            SmtpHarness.send(request(server).credentials("tim", "tanstaaftanstaaf").allowAuthInClear(true).build()).ok();
            server.awaitScript();
        }
    }

    @Test
    void internationalAddressesUseSmtpUtf8AndEightBitMime() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("8BITMIME", "SMTPUTF8").on("MAIL FROM:<josé@example.org> SMTPUTF8 BODY=8BITMIME", "250 ok")
                    .on("RCPT TO:<bob@example.org>", "250 ok").on("DATA", "354 go");
            p.data();
            p.say("250 ok").on("QUIT", "221 bye");
        })) {
            SmtpHarness.send(request(server).from("josé@example.org").build()).ok();
            server.awaitScript();
        }
    }

    @Test
    void internationalAddressWithoutSmtpUtf8FailsBeforeMail() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("8BITMIME").on("QUIT", "221 bye");
        })) {
            Outcome outcome = SmtpHarness.send(request(server).recipient("zoë@example.org").build());
            server.awaitScript();
            assertTrue(smtpFailure(outcome, SmtpException.NO_REPLY).getMessage().contains("SMTPUTF8"));
            assertFalse(server.clientSent("MAIL"));
        }
    }

    @Test
    void aNonAsciiAddressInTheMessagesHeaderNeedsSmtpUtf8Too() throws Exception {
        // found against Postfix: a Reply-To that is not ASCII went out raw to a server without
        // SMTPUTF8 (RFC 6531), where one in the envelope was refused before MAIL
        MimeMessage message = MimeMessage.builder().from("ana@example.org").to("bob@example.org")
                .replyTo("jörg@example.org").text("hi").build();
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("8BITMIME").on("QUIT", "221 bye");
        })) {
            Outcome outcome = SmtpHarness.send(request(server).message(message).build());
            server.awaitScript();
            String text = smtpFailure(outcome, SmtpException.NO_REPLY).getMessage();
            assertTrue(text.contains("header") && text.contains("SMTPUTF8"), text);
            assertFalse(server.clientSent("MAIL"));
        }
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("8BITMIME", "SMTPUTF8").on("MAIL FROM:<ana@example.org> SMTPUTF8", "250 ok")
                    .on("RCPT", "250 ok").on("DATA", "354 go");
            p.data();
            p.say("250 queued").on("QUIT", "221 bye");
        })) {
            Outcome outcome = SmtpHarness.send(request(server).message(message).build());
            server.awaitScript();
            assertEquals(250, outcome.ok().code());
        }
    }

    @Test
    void refusedConnectionIsAnIoException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Outcome outcome = SmtpHarness.send(SmtpRequest.builder().server("127.0.0.1").port(port).from("a@b.c").recipient("d@e.f")
                .message("x").tlsPolicy(TlsPolicy.OFF).build());
        outcome.failed(ConnectException.class);
    }

    @Test
    void aSendOutsideATaskSaysWhereItMustBeMade() {
        // it named the core's own call, Copas.scheduler(), which the caller never made
        SmtpRequest request = SmtpRequest.builder().server("127.0.0.1").port(1).from("a@example.org")
                .recipient("b@example.org").message("Subject: x\r\n\r\nbody\r\n").build();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Smtp.send(request));
        assertTrue(e.getMessage().startsWith("a message must be sent from a Copas task"), e.getMessage());
    }

    /** Found by a contract trial: a negative timeout meant none, and zero timed out every connect. */
    @Test
    void zeroAndNegativeTimeoutsAreRefusedByTheBuilderAsHttpAndFtpDo() {
        SmtpRequest.Builder b = SmtpRequest.builder();
        for (java.time.Duration bad : new java.time.Duration[] {java.time.Duration.ZERO, java.time.Duration.ofSeconds(-1)}) {
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> b.timeout(bad))
                    .getMessage().startsWith("timeout must be positive"));
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> b.connectTimeout(bad)).getMessage().startsWith("connectTimeout must be positive"));
            assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> b.ioTimeout(bad))
                    .getMessage().startsWith("ioTimeout must be positive"));
        }
        b.timeout(null).connectTimeout(null).ioTimeout(null); // none, explicitly
    }
}
