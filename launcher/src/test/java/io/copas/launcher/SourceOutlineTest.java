package io.copas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
