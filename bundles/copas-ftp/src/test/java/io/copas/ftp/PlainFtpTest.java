package io.copas.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simple and generic forms against Apache FtpServer, plain FTP. */
class PlainFtpTest {

    @TempDir
    Path root;
    EmbeddedFtpServer server;

    @BeforeEach
    void start() throws Exception {
        server = EmbeddedFtpServer.start(root);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void simpleGetLogsInAnonymouslyWithUpstreamsDefaultPassword() throws Exception {
        server.write("pub/readme.txt", "hello, copas".getBytes(StandardCharsets.UTF_8));
        // the server knows only user "ftp" with password "anonymous@anonymous.org" (and "me")
        byte[] content = InTask.call(() -> Ftp.get(server.url("", "pub/readme.txt")));
        assertEquals("hello, copas", new String(content, StandardCharsets.UTF_8));
    }

    @Test
    void simplePutWithUserAndPasswordInTheUrlThenGetBinary() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Files.createDirectories(root.resolve("up"));
        long sent = InTask.call(() -> Ftp.put(server.url("me:secret", "up/data.bin;type=i"), data));
        assertEquals(data.length, sent);
        assertArrayEquals(data, Files.readAllBytes(root.resolve("up/data.bin")));
        assertArrayEquals(data, InTask.call(() -> Ftp.get(server.url("me:secret", "up/data.bin;type=i"))));
    }

    @Test
    void aUrlWithAnUnescapedSpaceInItsPathIsTakenAsUpstreamTakesIt() throws Exception {
        server.write("pub/my file.txt", "spaced".getBytes(StandardCharsets.UTF_8));
        byte[] content = InTask.call(() -> Ftp.get(server.url("", "pub/my file.txt")));
        assertEquals("spaced", new String(content, StandardCharsets.UTF_8));
    }

    @Test
    void putOfAStringSendsUtf8() throws Exception {
        InTask.call(() -> Ftp.put(server.url("", "text.txt"), "grüß dich"));
        assertEquals("grüß dich", Files.readString(root.resolve("text.txt")));
    }

    @Test
    void asciiTypeLetsTheServerConvertLineEnds() throws Exception {
        server.write("lines.txt", "a\nb\n".getBytes(StandardCharsets.US_ASCII));
        byte[] ascii = InTask.call(() -> Ftp.get(server.url("", "lines.txt;type=a")));
        assertEquals("a\r\nb\r\n", new String(ascii, StandardCharsets.US_ASCII));
        byte[] binary = InTask.call(() -> Ftp.get(server.url("", "lines.txt;type=i")));
        assertEquals("a\nb\n", new String(binary, StandardCharsets.US_ASCII));
    }

    @Test
    void genericFormWithStreamsAndTheBuilder() throws Exception {
        byte[] data = "streamed through java.io".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Files.createDirectories(root.resolve("dir"));
        InTask.run(() -> {
            Ftp.put(FtpRequest.builder().host("127.0.0.1").port(server.port).user("me").password("secret")
                    .path("/dir/streamed.txt").type(FtpType.BINARY)
                    .source(FtpSource.of(new ByteArrayInputStream(data))).build());
            Ftp.get(FtpRequest.builder(server.url("me:secret", "dir/streamed.txt"))
                    .sink(FtpSink.of(out)).build());
        });
        assertArrayEquals(data, out.toByteArray());
    }

    @Test
    void activeModeUsesEprtAndAcceptsTheServersConnection() throws Exception {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InTask.run(() -> {
            Ftp.put(FtpRequest.builder(server.url("", "active.bin;type=i")).passive(false)
                    .source(FtpSource.of(data)).build());
            Ftp.get(FtpRequest.builder(server.url("", "active.bin;type=i")).passive(false)
                    .sink(out::writeBytes).build());
        });
        assertArrayEquals(data, out.toByteArray());
    }

    @Test
    void commandsCreateRenameSizeDateAndDelete() throws Exception {
        server.write("old.txt", "12345".getBytes(StandardCharsets.US_ASCII));
        List<FtpReply> replies = InTask.call(() -> Ftp.command(FtpRequest.builder().host("127.0.0.1").port(server.port)
                .addCommand(FtpCommand.of("MKD", "made"))
                .addCommand(new FtpCommand("RNFR", "old.txt", "3..|250")) // alternatives, as upstream's {"3..", 250}
                .addCommand(new FtpCommand("RNTO", "made/new.txt", "2.."))
                .addCommand(FtpCommand.of("TYPE", "I"))
                .addCommand(new FtpCommand("SIZE", "made/new.txt", "213"))
                .addCommand(new FtpCommand("MDTM", "made/new.txt", "213"))
                .build()));
        assertEquals(6, replies.size());
        assertEquals("5", replies.get(4).text().trim());
        assertTrue(replies.get(5).text().trim().matches("\\d{14}(\\.\\d+)?"), replies.get(5).text());
        assertTrue(Files.exists(root.resolve("made/new.txt")));
        assertFalse(Files.exists(root.resolve("old.txt")));

        InTask.call(() -> Ftp.command(FtpRequest.builder().host("127.0.0.1").port(server.port)
                .command("DELE").argument("made/new.txt").check("250").build()));
        assertFalse(Files.exists(root.resolve("made/new.txt")));
    }

    @Test
    void listingsComeThroughGetWithNlstOrList() throws Exception {
        server.write("d/one.txt", new byte[1]);
        server.write("d/two.txt", new byte[2]);
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        ByteArrayOutputStream long_ = new ByteArrayOutputStream();
        InTask.run(() -> {
            Ftp.get(FtpRequest.builder(server.url("", "d")).command("NLST").sink(names::writeBytes).build());
            Ftp.get(FtpRequest.builder(server.url("", "d")).command("LIST").sink(long_::writeBytes).build());
        });
        assertEquals(List.of("one.txt", "two.txt"), names.toString(StandardCharsets.UTF_8).lines().sorted().toList());
        assertTrue(long_.toString(StandardCharsets.UTF_8).contains("two.txt"));
    }

    @Test
    void refusalsCarryTheReplyCodeAndText() throws Exception {
        FtpException missing = assertThrows(FtpException.class, () -> InTask.call(() -> Ftp.get(server.url("", "nope.txt"))));
        assertEquals(550, missing.code());
        assertTrue(missing.getMessage().startsWith("RETR nope.txt failed: 550"), missing.getMessage());

        FtpException login = assertThrows(FtpException.class,
                () -> InTask.call(() -> Ftp.get(server.url("me:wrong", "x"))));
        assertEquals(530, login.code());

        FtpException command = assertThrows(FtpException.class, () -> InTask.call(() -> Ftp.command(
                FtpRequest.builder().host("127.0.0.1").port(server.port).command("DELE").argument("nope").build())));
        assertEquals(450, command.code()); // Apache FtpServer's "requested file action not taken"
        assertFalse(command.replyText().isEmpty());
    }

    @Test
    void badArgumentsAreNamedBeforeAnyConnection() {
        assertThrows(IllegalArgumentException.class, () -> FtpRequest.builder().build(), "missing hostname");
        assertThrows(IllegalArgumentException.class, () -> InTask.call(() -> Ftp.command(
                FtpRequest.builder().host("127.0.0.1").build())));
        assertThrows(IllegalArgumentException.class, () -> InTask.call(() -> {
            Ftp.get(FtpRequest.builder().host("127.0.0.1").build());
            return null;
        }));
    }
}
