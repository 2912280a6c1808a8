package io.copas.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One compilation unit of the program: a source file, standard input, or {@code -e} statements
 * wrapped in a class.
 *
 * @param displayName     the name diagnostics use: the path as given, {@code stdin}, or
 *                        {@code command line}
 * @param unitName        a Java identifier for the compilation unit's file name (javac names a
 *                        compact source file's class after it)
 * @param text            what is compiled
 * @param firstLineOffset how many characters the compiled first line has before the user's text
 *                        (the imports and class header of {@code -e} statements), for carets
 * @param lineCount       how many lines of {@code text} are the user's (at least 1): the lines
 *                        after them close the class {@code -e} statements are wrapped in
 */
record ProgramSource(String displayName, String unitName, String text, int firstLineOffset, long lineCount) {

    /** The name of the static method whose body the {@code -e} statements are. */
    static final String STATEMENTS_METHOD = "run";

    private static final String STATEMENTS_IMPORTS = "import io.copas.core.*; import io.copas.sync.*; "
            // io.copas.sync's names win over java.util's (Queue, Timer)
            + "import io.copas.sync.Queue; import io.copas.sync.Timer; import java.time.*; import java.util.*; ";

    /**
     * Reads a source file; a first line starting with {@code #!} (a shebang) is blanked so that
     * line numbers stay those of the file.
     *
     * @param file the file
     * @return the source
     * @throws IOException if it cannot be read
     */
    static ProgramSource ofFile(Path file) throws IOException {
        return ofText(file.toString(), unitNameOf(file.getFileName().toString()), Files.readString(file));
    }

    /**
     * Reads the program from standard input, to its end.
     *
     * @param in standard input
     * @return the source, named {@code stdin}
     * @throws IOException if it cannot be read
     */
    static ProgramSource ofStdin(InputStream in) throws IOException {
        return ofText("stdin", "stdin", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    /**
     * Wraps statements ({@code -e}, or standard input that declares nothing) in a class whose
     * static {@code run(Scheduler scheduler, String[] args)} runs them. The imports and the class
     * header share the first line with the statements, so a diagnostic's line number is the
     * statements' own.
     *
     * @param displayName    the name diagnostics use: {@code command line} or {@code stdin}
     * @param statements     the statements
     * @param className      the wrapping class's name
     * @param importPackages further packages to import on demand (those of {@code -l} modules)
     * @return the source
     */
    static ProgramSource ofStatements(String displayName, String statements, String className,
            Set<String> importPackages) {
        String header = STATEMENTS_IMPORTS
                + importPackages.stream().sorted().map(p -> "import " + p + ".*; ").collect(Collectors.joining())
                + "final class " + className + " { static void " + STATEMENTS_METHOD
                + "(Scheduler scheduler, String[] args) throws Exception { ";
        // the closing braces on a line of their own: a // comment ending the statements would hide them
        return new ProgramSource(displayName, className, header + statements + "\n}}\n", header.length(),
                lineCount(statements));
    }

    private static ProgramSource ofText(String displayName, String unitName, String text) {
        String compiled = text.startsWith("#!") ? text.substring(firstLineEnd(text)) : text;
        return new ProgramSource(displayName, unitName, compiled, 0, lineCount(compiled));
    }

    /**
     * A source as it is, from a file javac found next to the program.
     *
     * @param displayName its path as shown
     * @param text        its text
     * @return the source (its {@link #unitName()} is its name: javac has it already)
     */
    static ProgramSource ofFound(String displayName, String text) {
        return new ProgramSource(displayName, displayName, text, 0, lineCount(text));
    }

    private static long lineCount(String text) {
        return Math.max(1, text.lines().count());
    }

    private static int firstLineEnd(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text.length() : newline;
    }

    /** A Java identifier from a file name: without {@code .java}, other characters replaced by '_'. */
    private static String unitNameOf(String fileName) {
        String stem = fileName.endsWith(".java") ? fileName.substring(0, fileName.length() - 5) : fileName;
        StringBuilder name = new StringBuilder();
        stem.codePoints().forEach(c -> name.appendCodePoint(Character.isJavaIdentifierPart(c) ? c : '_'));
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.codePointAt(0))) {
            name.insert(0, '_');
        }
        return name.toString();
    }

    /**
     * The user's text of line {@code line} (1-based) as shown under a diagnostic, or an empty
     * string.
     *
     * @param line the line number
     * @return the line without the {@code -e} header
     */
    String userLine(long line) {
        List<String> lines = text.lines().toList();
        if (line < 1 || line > lines.size()) {
            return "";
        }
        String shown = lines.get((int) line - 1);
        return line == 1 ? shown.substring(Math.min(firstLineOffset, shown.length())) : shown;
    }
}
