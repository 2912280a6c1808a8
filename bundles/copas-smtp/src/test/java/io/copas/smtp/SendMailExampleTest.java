package io.copas.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.copas.smtp.examples.SendMailExample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's SMTP example against GreenMail over SMTPS, and checks that README shows this very code. */
class SendMailExampleTest {

    @TempDir
    Path dir;

    @Test
    void readmeShowsTheCompiledExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/copas/smtp/examples/SendMailExample.java"));
        String example = source.substring(source.indexOf("// README-EXAMPLE-START") + "// README-EXAMPLE-START".length(),
                source.indexOf("// README-EXAMPLE-END"));
        String readme = Files.readString(Path.of("../../README.md"));
        assertTrue(stripped(readme).contains(stripped(example)), "README.md does not show SendMailExample's code");
    }

    private static String stripped(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readmeExampleSendsTheMessage() throws Exception {
        System.setProperty("greenmail.tls.keystore.file", TlsTestSupport.writeServerKeyStore(dir).toString());
        System.setProperty("greenmail.tls.keystore.password", new String(TlsTestSupport.PASSWORD));
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        greenMail.start();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        jakarta.mail.internet.MimeMessage[] received;
        try {
            greenMail.setUser("ana@example.org", "ana", "s3cret");
            Path report = Files.write(dir.resolve("report.pdf"), "%PDF-1.4 not really".getBytes(StandardCharsets.US_ASCII));
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            SendMailExample.send("127.0.0.1", greenMail.getSmtps().getPort(), TlsTestSupport.trustingRootA(), "s3cret", report);
            received = greenMail.getReceivedMessages();
        } finally {
            System.setOut(original);
            greenMail.stop();
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).startsWith("sent: 250"), captured::toString);
        assertEquals(1, received.length);
        assertEquals("Grüße aus Copas", received[0].getSubject());
    }
}
