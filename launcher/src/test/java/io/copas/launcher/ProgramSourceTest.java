package io.copas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramSourceTest {

    @TempDir
    Path dir;

    @Test
    void shebangLineIsBlankedSoLineNumbersStayTheFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("my-tool"), "#!/usr/bin/env copas\nvoid main() {}\n");

        ProgramSource source = ProgramSource.ofFile(file);

        assertEquals("\nvoid main() {}\n", source.text());
        assertEquals("void main() {}", source.userLine(2));
        assertEquals("my_tool", source.unitName(), "a Java identifier: javac names a compact file's class after it");
        assertEquals(file.toString(), source.displayName());
    }

    @Test
    void fileWithoutShebangIsCompiledAsIs() throws Exception {
        Path file = Files.writeString(dir.resolve("Hello.java"), "class Hello {}\n");

        ProgramSource source = ProgramSource.ofFile(file);

        assertEquals("class Hello {}\n", source.text());
        assertEquals("Hello", source.unitName());
    }

    @Test
    void standardInputIsNamedStdin() throws Exception {
        ProgramSource source = ProgramSource.ofStdin(new ByteArrayInputStream("class A {}".getBytes(StandardCharsets.UTF_8)));

        assertEquals("stdin", source.displayName());
        assertEquals("class A {}", source.text());
    }

    @Test
    void statementsShareTheFirstLineWithTheirHeaderSoLinesAndColumnsAreTheUsers() {
        ProgramSource source = ProgramSource.ofStatements("command line", "int a = 1;\nfoo();", "CopasStatements1",
                Set.of("io.copas.http"));

        String firstLine = source.text().lines().findFirst().orElseThrow();
        assertTrue(firstLine.endsWith("int a = 1;"), firstLine);
        assertTrue(firstLine.contains("import io.copas.http.*;"), firstLine);
        assertEquals(firstLine.length() - "int a = 1;".length(), source.firstLineOffset());
        assertEquals("int a = 1;", source.userLine(1));
        assertEquals("foo();", source.userLine(2));
        assertEquals(2, source.lineCount(), "the closing braces' line is not the user's");
        assertEquals("command line", source.displayName());
    }
}
