package io.copas.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The MIME builder: exact output, encodings chosen by content, encoded-words, refusals. */
class MimeMessageTest {

    private static final ZonedDateTime DATE = ZonedDateTime.of(2026, 3, 4, 5, 6, 7, 0, ZoneOffset.ofHours(1));

    private static MimeMessage.Builder fixed() {
        return MimeMessage.builder().date(DATE).messageId("id1@example.org");
    }

    static String render(MimeMessage message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Parses what we made with Jakarta Mail, an independent MIME reader. */
    static jakarta.mail.internet.MimeMessage parse(MimeMessage message) throws Exception {
        return new jakarta.mail.internet.MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(render(message).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void headersAndTextBodyUpstreamShape() throws IOException {
        String text = render(fixed().from("ana@example.org", "Ana Silva").to("bob@example.org").subject("Hello")
                .header("X-Mailer", "copas").text("line one\nline two").build());
        assertEquals("""
                Date: Wed, 04 Mar 2026 05:06:07 +0100\r
                Message-ID: <id1@example.org>\r
                From: Ana Silva <ana@example.org>\r
                To: bob@example.org\r
                Subject: Hello\r
                X-Mailer: copas\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=UTF-8\r
                Content-Transfer-Encoding: 7bit\r
                \r
                line one\r
                line two""", text);
    }

    @Test
    void multipartWithPreambleNestedPartsAndEpilogue() throws IOException {
        MimePart alternative = MimePart.multipart("alternative").boundary("inner")
                .part(MimePart.text("plain")).part(MimePart.html("<p>html</p>")).build();
        MimePart mixed = MimePart.multipart("mixed").boundary("outer").preamble("This is MIME.")
                .part(alternative)
                .part(MimePart.bytes(new byte[] {0, 1, 2, (byte) 255}, "application/octet-stream").asAttachment("b.bin"))
                .epilogue("the end").build();
        String text = render(fixed().from("ana@example.org").body(mixed).build());
        assertEquals("""
                Date: Wed, 04 Mar 2026 05:06:07 +0100\r
                Message-ID: <id1@example.org>\r
                From: ana@example.org\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="outer"\r
                \r
                This is MIME.\r
                --outer\r
                Content-Type: multipart/alternative; boundary="inner"\r
                \r
                --inner\r
                Content-Type: text/plain; charset=UTF-8\r
                Content-Transfer-Encoding: 7bit\r
                \r
                plain\r
                --inner\r
                Content-Type: text/html; charset=UTF-8\r
                Content-Transfer-Encoding: 7bit\r
                \r
                <p>html</p>\r
                --inner--\r
                \r
                --outer\r
                Content-Type: application/octet-stream; name="b.bin"\r
                Content-Transfer-Encoding: base64\r
                Content-Disposition: attachment; filename="b.bin"\r
                \r
                AAEC/w==\r
                \r
                --outer--\r
                the end\r
                """, text);
    }

    @Test
    void addressFieldsSetAsHeadersEncodeOnlyTheirDisplayNames() throws Exception {
        // found against Postfix and Python's parser: the whole value, address included, became one
        // encoded-word, and the field held no address (RFC 2047 section 5 allows them in names only)
        jakarta.mail.internet.MimeMessage parsed = parse(fixed().from("ana@example.org")
                .header("Sender", "Jörg <j@example.org>")
                .header("Disposition-Notification-To", "\"Müller, Jörg\" <jm@example.org>, ann@example.org").build());
        InternetAddress sender = (InternetAddress) parsed.getSender();
        assertEquals("j@example.org", sender.getAddress());
        assertEquals("Jörg", sender.getPersonal());
        InternetAddress[] notify = InternetAddress.parseHeader(parsed.getHeader("Disposition-Notification-To", ","), true);
        assertEquals(2, notify.length);
        assertEquals("jm@example.org", notify[0].getAddress());
        assertEquals("Müller, Jörg", notify[0].getPersonal());
        assertEquals("ann@example.org", notify[1].getAddress());
        // a comma inside a comment separates nothing (the review found it split there)
        jakarta.mail.internet.MimeMessage commented = parse(fixed().from("ana@example.org")
                .header("Reply-To", "Jörg (Büro, Bonn) <j@example.org>").build());
        jakarta.mail.Address[] replyTo = commented.getReplyTo();
        assertEquals(1, replyTo.length);
        assertEquals("j@example.org", ((InternetAddress) replyTo[0]).getAddress());
    }

    @Test
    void nonAsciiHeadersBecomeEncodedWordsThatDecodeBack() throws Exception {
        String subject = "Grüße aus Köln — " + "ü".repeat(60);
        jakarta.mail.internet.MimeMessage parsed = parse(fixed().from("ana@example.org", "Ana Ñúñez")
                .to("bob@example.org", "Bob \"the builder\"").subject(subject).build());
        assertEquals(subject, parsed.getSubject());
        assertEquals("Ana Ñúñez", ((InternetAddress) parsed.getFrom()[0]).getPersonal());
        assertEquals("Bob \"the builder\"", ((InternetAddress) parsed.getRecipients(jakarta.mail.Message.RecipientType.TO)[0]).getPersonal());
        String raw = render(fixed().subject(subject).build());
        for (String line : raw.split("\r\n")) {
            assertTrue(line.length() <= 78, "folded: " + line);
            assertTrue(line.chars().allMatch(c -> c < 128), "ASCII only: " + line);
        }
    }

    @Test
    void longAsciiHeaderIsFoldedAtWhiteSpace() {
        String value = "word ".repeat(40).strip();
        String raw = assertDoesNotThrowRender(fixed().subject(value).build());
        assertTrue(raw.contains("Subject: word word"), raw);
        assertTrue(raw.lines().allMatch(l -> l.length() <= 78), raw);
        assertTrue(raw.replace("\r\n ", " ").contains("Subject: " + value + "\r\n"), "unfolds to the value");
    }

    @Test
    void foldingNeverLeavesALineOfWhiteSpaceAlone() {
        String value = "x".repeat(69) + "  "; // the spaces fall at the fold point
        String raw = assertDoesNotThrowRender(fixed().subject(value).build());
        // a continuation line of white space only is the obsolete syntax of RFC 5322 4.2 (it was made here)
        assertTrue(raw.lines().noneMatch(l -> !l.isEmpty() && l.isBlank()), raw);
        assertTrue(raw.replace("\r\n ", " ").contains("Subject: " + value + "\r\n"), "unfolds to the value");
    }

    @Test
    void ccWithNoAddressWritesNoCcField() {
        String raw = assertDoesNotThrowRender(fixed().to("bob@example.org").cc().build());
        assertFalse(raw.contains("Cc:"), raw); // RFC 5322: a Cc field names at least one address (it was "Cc: ")
    }

    private static String assertDoesNotThrowRender(MimeMessage m) {
        try {
            return render(m);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void headerValuesWithLineBreaksAreRefused() {
        MimeMessage.Builder b = MimeMessage.builder();
        assertThrows(IllegalArgumentException.class, () -> b.subject("hi\r\nBcc: victim@example.org"));
        assertThrows(IllegalArgumentException.class, () -> b.header("X-A", "one\ntwo"));
        assertThrows(IllegalArgumentException.class, () -> b.header("Bad Name", "x"));
        assertThrows(IllegalArgumentException.class, () -> b.header("X:Y", "x"));
        assertThrows(IllegalArgumentException.class, () -> b.from("ana@example.org", "Ana\r\nBcc: x@y"));
        assertThrows(IllegalArgumentException.class, () -> b.to("bob@example.org\r\nBcc: x@y"));
        assertThrows(IllegalArgumentException.class, () -> b.header("Content-Type", "text/html"));
        assertThrows(IllegalArgumentException.class, () -> MimePart.text("x").withHeader("X-A", "a\rb"));
        assertThrows(IllegalArgumentException.class, () -> MimePart.text("x").asAttachment("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> SmtpRequest.builder().from("a@b.c\r\nRCPT TO:<x@y>"));
        assertThrows(IllegalArgumentException.class, () -> SmtpRequest.builder().domain("example.org\r\nMAIL FROM:<x@y>"));
    }

    @Test
    void transferEncodingIsChosenByContent() throws Exception {
        assertEquals("7bit", encodingOf(MimePart.text("plain ASCII")));
        assertEquals("quoted-printable", encodingOf(MimePart.text("Voilà, un café.")));
        assertEquals("base64", encodingOf(MimePart.text("日本語のテキストです")));
        assertEquals("quoted-printable", encodingOf(MimePart.text("x".repeat(2000))));
        assertEquals("base64", encodingOf(MimePart.bytes(new byte[] {1, 2, 3}, "application/octet-stream")));
    }

    private static String encodingOf(MimePart part) throws Exception {
        return parse(fixed().body(part).build()).getEncoding();
    }

    @Test
    void encodedBodiesDecodeBackToTheText() throws Exception {
        for (String text : List.of("Voilà, un café = 3€ \t\r\nnext line   \r\n", "日本語のテキストです\r\n", "a".repeat(3000) + "é\r\n.dot\r\n")) {
            jakarta.mail.internet.MimeMessage parsed = parse(fixed().text(text).build());
            assertEquals(text, parsed.getContent());
        }
        String raw = render(fixed().text("café " + "x".repeat(100) + " \r\n").build());
        assertTrue(raw.lines().allMatch(l -> l.length() <= 76), raw);
        assertTrue(raw.contains("=20\r\n"), "trailing space is encoded");
    }

    @Test
    void aTextPartWithoutALineEndGainsNoneWhateverItsEncoding() throws Exception {
        List<String> texts = List.of("plain ASCII", "Voilà, un café", "日本語のテキストです", "trailing space ");
        MimePart.MultipartBuilder mixed = MimePart.multipart("mixed");
        texts.forEach(text -> mixed.part(MimePart.text(text)));
        Multipart parts = (Multipart) parse(fixed().body(mixed.build()).build()).getContent();
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), parts.getBodyPart(i).getContent(), "part " + i + " decodes to its text exactly");
        }
        assertEquals("Voilà, un café", parse(fixed().text("Voilà, un café").build()).getContent());
    }

    @Test
    void attachmentsFromStreamsAndFilesDecodeBackAndStreamsAreSentOnce() throws Exception {
        byte[] data = new byte[100_003];
        new Random(7).nextBytes(data);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("copas-smtp", ".bin");
        try {
            java.nio.file.Files.write(file, data);
            MimeMessage message = fixed().body(MimePart.multipart("mixed")
                    .part(MimePart.text("see attachments"))
                    .part(MimePart.file(file, "application/x-test"))
                    .part(MimePart.stream(new ByteArrayInputStream(data), "Résumé.bin", "application/octet-stream"))
                    .build()).build();
            jakarta.mail.internet.MimeMessage parsed = parse(message);
            Multipart parts = (Multipart) parsed.getContent();
            assertEquals(3, parts.getCount());
            BodyPart fromFile = parts.getBodyPart(1);
            assertEquals(file.getFileName().toString(), fromFile.getFileName());
            assertArrayEquals(data, readAll(fromFile.getInputStream()));
            assertArrayEquals(data, readAll(parts.getBodyPart(2).getInputStream()));
            assertTrue(parts.getBodyPart(2).getHeader("Content-Disposition")[0].contains("filename*=UTF-8''R%C3%A9sum%C3%A9.bin"));
            assertThrows(IllegalStateException.class, message::source, "a stream is read once");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void anAttachmentNamesItsFileInContentTypeTooForReadersThatLookOnlyThere() throws Exception {
        MimePart renamed = MimePart.bytes(new byte[] {1}, "application/pdf").asAttachment("old.pdf").asAttachment("report.pdf");
        MimePart named = MimePart.bytes(new byte[] {2}, "application/pdf; Name=\"given.pdf\"").asAttachment("other.pdf");
        MimePart nonAscii = MimePart.bytes(new byte[] {3}, "application/octet-stream").asAttachment("Résumé.bin");
        MimePart inline = MimePart.bytes(new byte[] {4}, "image/png").asAttachment("x.png").asInline();
        MimeMessage message = fixed().body(MimePart.multipart("mixed").part(renamed).part(named).part(nonAscii).part(inline).build()).build();
        Multipart parts = (Multipart) parse(message).getContent();
        assertEquals("application/pdf; name=\"report.pdf\"", parts.getBodyPart(0).getContentType(), "the latest name, once");
        assertEquals("application/pdf; Name=\"given.pdf\"", parts.getBodyPart(1).getContentType(), "a name the type has is kept");
        assertTrue(parts.getBodyPart(2).getContentType().contains("name=\"=?UTF-8?B?"), parts.getBodyPart(2).getContentType());
        String encoded = new jakarta.mail.internet.ContentType(parts.getBodyPart(2).getContentType()).getParameter("name");
        assertEquals("Résumé.bin", jakarta.mail.internet.MimeUtility.decodeText(encoded), "encoded-words, as older readers know them");
        assertEquals("image/png", parts.getBodyPart(3).getContentType(), "an inline part names no file");
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void defaultDateAndMessageIdAndEnvelope() throws Exception {
        MimeMessage message = MimeMessage.builder().from("<ana@example.org>").to("bob@example.org").cc("carl@example.org")
                .bcc("dora@example.org").text("hi").build();
        jakarta.mail.internet.MimeMessage parsed = parse(message);
        assertTrue(parsed.getSentDate() != null);
        assertTrue(parsed.getMessageID().matches("<[0-9a-f-]{36}@example\\.org>"), parsed.getMessageID());
        assertEquals("1.0", parsed.getHeader("MIME-Version")[0]);
        assertEquals(null, parsed.getHeader("Bcc"));
        assertEquals(List.of("bob@example.org", "carl@example.org", "dora@example.org"), message.recipients());
        assertEquals("ana@example.org", message.sender().orElseThrow());
        assertTrue(Arrays.asList(render(message).split("\r\n")).contains("To: bob@example.org"));
    }
}
