package io.copas.core.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the README's echo server example, checks what it prints, and that README shows this very code. */
class EchoServerExampleTest {

    @Test
    void readmeShowsTheCompiledExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/copas/core/examples/EchoServerExample.java"));
        String example = source.substring(source.indexOf("// README-EXAMPLE-START") + "// README-EXAMPLE-START".length(),
                source.indexOf("// README-EXAMPLE-END"));
        String readme = Files.readString(Path.of("../../README.md"));
        assertTrue(stripped(readme).contains(stripped(example)), "README.md does not show EchoServerExample's code");
    }

    private static String stripped(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readmeExampleEchoesAndEnds() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EchoServerExample.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("echoed: hello, copas"), captured::toString);
    }
}
