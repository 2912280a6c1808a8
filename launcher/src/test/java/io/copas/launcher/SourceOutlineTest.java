package io.copas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceOutlineTest {

    @TempDir
    Path dir;

    private SourceOutline outline(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return SourceOutline.of(ProgramSource.ofFile(Files.writeString(file, text)));
    }

    @Test
    void sourceRootOfAFileInTheUnnamedPackageIsItsDirectory() throws Exception {
        Path file = dir.resolve("tools/Main.java");

        assertEquals(Optional.of(dir.resolve("tools")), outline(file, "class Main {}").sourceRoot(file));
    }

    @Test
    void sourceRootOfAFileInAPackageHoldsThePackagesDirectoriesAsWithTheJdksSourceLauncher() throws Exception {
        Path file = dir.resolve("src/org/example/Main.java");

        SourceOutline outline = outline(file, "/* a comment first */ package org.example; class Main {}");

        assertEquals("org.example", outline.packageName());
        assertEquals(Optional.of(dir.resolve("src")), outline.sourceRoot(file));
    }

    @Test
    void fileWhoseDirectoriesDoNotEndWithItsPackageHasNoSourceRoot() throws Exception {
        Path file = dir.resolve("elsewhere/Main.java");

        assertEquals(Optional.empty(), outline(file, "package org.example; class Main {}").sourceRoot(file));
    }

    private static boolean declaresTypeOrMethod(String stdin) throws Exception {
        return SourceOutline.of(ProgramSource.ofStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))))
                .declaresTypeOrMethod();
    }

    @Test
    void statementsAndEmptyInputDeclareNothing() throws Exception {
        for (String chunk : List.of("System.out.println(\"hi\");", "int x = 1;\nSystem.out.println(x);",
                "List<String> names = List.of();", "Runnable r = () -> { };\nr.run();", "foo();", "bad(", "",
                "// only a comment\n")) {
            assertFalse(declaresTypeOrMethod(chunk), chunk);
        }
    }

    @Test
    void typesAndTopLevelMethodsAreDeclarationsWhereverTheyStand() throws Exception {
        for (String source : List.of("class A { }", "final class stdin { int x; }", "interface I { }", "enum E { A }",
                "record R() { }", "@interface N { }", "package p; class A { }", "void main() { }",
                "/** doc */ static void main(String[] args) { }", "int x = 1;\nvoid main() { }", "int x = 1;\nclass A { }")) {
            assertTrue(declaresTypeOrMethod(source), source);
        }
    }
}
