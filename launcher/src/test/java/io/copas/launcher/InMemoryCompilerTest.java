package io.copas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiles in this JVM: what javac reports, as the launcher prints it. */
class InMemoryCompilerTest {

    @TempDir
    Path dir;

    private String errors(List<ProgramSource> sources) {
        return assertThrows(InMemoryCompiler.CompilationFailedException.class,
                () -> InMemoryCompiler.compile(sources, List.of(dir), getClass().getClassLoader())).getMessage();
    }

    @Test
    void compileErrorInASiblingFileNamesItsFileAndLineAndShowsTheSourceLine() throws Exception {
        Files.writeString(dir.resolve("Helper.java"), """
                public class Helper {
                    static String hi() {
                        return "hi"
                    }
                }
                """);
        Path main = Files.writeString(dir.resolve("Main.java"),
                "public class Main { public static void main(String[] a) { System.out.println(Helper.hi()); } }\n");

        assertEquals(dir.resolve("Helper.java") + ":3: error: ';' expected\n"
                + "        return \"hi\"\n"
                + "                   ^\n"
                + "1 error\n", errors(List.of(ProgramSource.ofFile(main))));
    }
}
