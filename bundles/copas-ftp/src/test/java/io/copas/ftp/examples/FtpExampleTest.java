package io.copas.ftp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.ftp.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's FTP example against Apache FtpServer, and checks that README shows this very code. */
class FtpExampleTest {

    @TempDir
    Path root;

    @Test
    void readmeShowsTheCompiledExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/copas/ftp/examples/FtpExample.java"));
        String example = source.substring(source.indexOf("// README-EXAMPLE-START") + "// README-EXAMPLE-START".length(),
                source.indexOf("// README-EXAMPLE-END"));
        String readme = Files.readString(Path.of("../../README.md"));
        assertTrue(stripped(readme).contains(stripped(example)), "README.md does not show FtpExample's code");
    }

    private static String stripped(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    @Test
    void readmeExampleTransfers() throws Exception {
        Files.createDirectories(root.resolve("pub"));
        Files.writeString(root.resolve("pub/readme.txt"), "read me");
        Path target = Files.createTempFile("ftp-example", ".txt");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (AutoCloseable server = TestServers.explicitFtps(root)) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            FtpExample.run("127.0.0.1:" + TestServers.port(server), TestServers.trustingTheTestRoot(), target);
        } finally {
            System.setOut(original);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("got: read me"), captured::toString);
        assertEquals("hello, copas", Files.readString(target));
        Files.delete(target);
    }
}
