package io.copas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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

    private static ProgramSource statements(String statements) {
        return ProgramSource.ofStatements("command line", statements, "CopasStatements1", Set.of());
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

    @Test
    void errorsOfStatementsAreShownOnTheUsersLinesWithoutTheWrappingClass() {
        assertEquals("command line:2: error: illegal start of expression\n"
                + "bad(\n"
                + "    ^\n"
                + "1 error\n", errors(List.of(statements("int fine = 1;\nbad("))));
        assertEquals("command line:1: error: reached end of file while parsing\n"
                + "if (true) { // open\n"
                + "                   ^\n"
                + "1 error\n", errors(List.of(statements("if (true) { // open"))));
        assertEquals("command line:1: error: cannot find symbol\n"
                + "System.out.println(missing);\n"
                + "                   ^\n"
                + "  symbol:   variable missing\n"
                + "1 error\n", errors(List.of(statements("System.out.println(missing);"))));
    }
}
