package io.copas.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against GreenMail (in process, SMTP and SMTPS; this version has no STARTTLS, see
 * {@link StartTlsTest}): what arrives is, byte for byte, what the message source made.
 */
class GreenMailTest {

    @TempDir
    static Path keys;

    private GreenMail greenMail;

    @BeforeAll
    static void serverCertificate() throws Exception {
        // GreenMail's SMTPS identity: server A of the test PKI, made now
        System.setProperty("greenmail.tls.keystore.file", TlsTestSupport.writeServerKeyStore(keys).toString());
        System.setProperty("greenmail.tls.keystore.password", new String(TlsTestSupport.PASSWORD));
    }

    @BeforeEach
    void start() {
        greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort()});
        greenMail.start();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private SmtpRequest.Builder plain() {
        return SmtpRequest.builder().server("127.0.0.1").port(greenMail.getSmtp().getPort())
                .tlsPolicy(TlsPolicy.OPPORTUNISTIC).timeout(Duration.ofSeconds(20));
    }

    /** A received message as stored, without the Return-Path and Received fields GreenMail puts first. */
    private static byte[] asReceived(jakarta.mail.internet.MimeMessage received) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        received.writeTo(out);
        String text = out.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("Return-Path: "), text);
        int received1 = text.indexOf("\r\n") + 2;
        assertTrue(text.startsWith("Received: ", received1), text);
        return text.substring(text.indexOf("\r\n", received1) + 2).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * What GreenMail stores of a message sent as {@code bytes}: it takes the CRLF before the
     * final dot as part of the end-of-data mark (the client adds one when the message does not
     * end with it), so the stored message lacks a last CRLF.
     */
    private static byte[] stored(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return (text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytesOf(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return stored(out.toByteArray());
    }

    private static MimeMessage richMessage(Path attachment) {
        return MimeMessage.builder().date(ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC))
                .from("ana@example.org", "Ana Ñúñez").to("bob@example.org").subject("Grüße, Bob")
                .body(MimePart.multipart("mixed").preamble("preamble")
                        .part(MimePart.multipart("alternative")
                                .part(MimePart.text("Grüße!\n.a line that starts with a dot\n"))
                                .part(MimePart.html("<p>Grüße!</p>")).build())
                        .part(MimePart.file(attachment, "application/octet-stream"))
                        .epilogue("epilogue").build())
                .build();
    }

    @Test
    void mimeMessageArrivesByteForByte() throws Exception {
        Path attachment = Files.createTempFile(keys, "att", ".bin");
        byte[] data = new byte[200_000];
        new Random(11).nextBytes(data);
        Files.write(attachment, data);
        MimeMessage message = richMessage(attachment);
        SmtpResult result = SmtpHarness.send(plain().message(message).build()).ok();
        assertEquals(250, result.code());
        assertEquals(List.of("bob@example.org"), result.accepted().stream().map(RecipientResult::address).toList());
        jakarta.mail.internet.MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(1, received.length);
        assertArrayEquals(bytesOf(message), asReceived(received[0]));
        assertEquals("Grüße, Bob", received[0].getSubject());
    }

    @Test
    void rawStringMessageWithDotsArrivesByteForByte() throws Exception {
        String message = "Subject: dots\r\n\r\n.one\r\n..two\r\n.\r\nend\r\n";
        SmtpHarness.send(plain().from("ana@example.org").recipient("bob@example.org").message(message).build()).ok();
        assertArrayEquals(stored(message.getBytes(StandardCharsets.US_ASCII)), asReceived(greenMail.getReceivedMessages()[0]));
    }

    @Test
    void everyRecipientGetsTheMessageBccIncluded() throws Exception {
        MimeMessage message = MimeMessage.builder().from("ana@example.org").to("bob@example.org").cc("carl@example.org")
                .bcc("dora@example.org").subject("to all").text("hi").build();
        SmtpResult result = SmtpHarness.send(plain().message(message).build()).ok();
        assertEquals(3, result.accepted().size());
        jakarta.mail.internet.MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(3, received.length);
        for (jakarta.mail.internet.MimeMessage m : received) {
            assertArrayEquals(bytesOf(message), asReceived(m));
        }
        assertTrue(greenMail.getUserManager().getUserByEmail("dora@example.org") != null, "the Bcc recipient has a mailbox");
    }

    @Test
    void authPlainInClearWhenAllowedAndRefusalWithWrongPassword() throws Exception {
        greenMail.setUser("ana@example.org", "ana", "s3cret");
        SmtpHarness.send(plain().from("ana@example.org").recipient("bob@example.org").message("Subject: a\r\n\r\nb\r\n")
                .credentials("ana", "s3cret").allowAuthInClear(true).build()).ok();
        assertEquals(1, greenMail.getReceivedMessages().length);
        SmtpException e = SmtpHarness.send(plain().from("ana@example.org").recipient("bob@example.org").message("x")
                .credentials("ana", "wrong").allowAuthInClear(true).build()).failed(SmtpException.class);
        assertEquals(535, e.code(), e.getMessage());
    }

    @Test
    void implicitTlsWithAuthArrivesByteForByte() throws Exception {
        greenMail.setUser("ana@example.org", "ana", "s3cret");
        Path attachment = Files.createTempFile(keys, "att", ".bin");
        Files.write(attachment, "small".getBytes(StandardCharsets.US_ASCII));
        MimeMessage message = richMessage(attachment);
        SmtpResult result = SmtpHarness.send(SmtpRequest.builder().server("127.0.0.1").port(greenMail.getSmtps().getPort())
                .implicitTls(true).tlsParameters(TlsTestSupport.trustingRootA())
                .credentials("ana", "s3cret").message(message).timeout(Duration.ofSeconds(20)).build()).ok();
        assertTrue(result.secure());
        assertArrayEquals(bytesOf(message), asReceived(greenMail.getReceivedMessages()[0]));
    }

    @Test
    void implicitTlsVerifiesTheCertificateByDefault() throws Exception {
        Throwable failure = SmtpHarness.send(SmtpRequest.builder().server("127.0.0.1").port(greenMail.getSmtps().getPort())
                .implicitTls(true).from("a@example.org").recipient("b@example.org").message("x")
                .timeout(Duration.ofSeconds(20)).build()).failure();
        assertTrue(failure instanceof javax.net.ssl.SSLException, String.valueOf(failure));
        assertEquals(0, greenMail.getReceivedMessages().length);
        assertTrue(Arrays.stream(greenMail.getReceivedMessages()).findAny().isEmpty());
    }
}
