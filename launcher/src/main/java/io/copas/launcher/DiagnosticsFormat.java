package io.copas.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Formats javac's errors as javac prints them: {@code file:line: error: message}, the source
 * line with a caret under the column, then the message's further lines; a count at the end.
 * Lines and columns are the user's own (a shebang line counts, an {@code -e} header does not, and
 * an error in the braces that close {@code -e} statements is shown at the end of their last line).
 */
final class DiagnosticsFormat {

    private DiagnosticsFormat() {
    }

    /**
     * The errors among {@code diagnostics}, formatted.
     *
     * @param diagnostics what javac reported
     * @param units       the program's sources by their URIs; a file javac found on the source
     *                    path (a class next to the program) is read from its file object
     * @return the text, empty when there is no error
     */
    static String errors(List<Diagnostic<? extends JavaFileObject>> diagnostics,
            Map<URI, ProgramSource> units) {
        Map<URI, ProgramSource> sources = new HashMap<>(units);
        StringBuilder text = new StringBuilder();
        int count = 0;
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics) {
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            count++;
            JavaFileObject file = diagnostic.getSource();
            format(diagnostic, file == null ? null : sources.computeIfAbsent(file.toUri(), uri -> found(file)), text);
        }
        if (count > 0) {
            text.append(count).append(count == 1 ? " error" : " errors").append('\n');
        }
        return text.toString();
    }

    /** A source javac found by itself, named by its path (relative to the working directory when under it). */
    private static ProgramSource found(JavaFileObject file) {
        String name = file.getName();
        if ("file".equals(file.toUri().getScheme())) {
            Path path = Path.of(file.toUri());
            Path workingDirectory = Path.of("").toAbsolutePath();
            name = (path.startsWith(workingDirectory) ? workingDirectory.relativize(path) : path).toString();
        }
        String text;
        try {
            text = file.getCharContent(true).toString();
        } catch (IOException e) {
            text = ""; // the diagnostic still names the file and line
        }
        return ProgramSource.ofFound(name, text);
    }

    private static void format(Diagnostic<? extends JavaFileObject> diagnostic, ProgramSource source,
            StringBuilder text) {
        List<String> message = diagnostic.getMessage(Locale.getDefault()).lines().toList();
        String first = message.isEmpty() ? "" : message.getFirst();
        if (source == null) {
            text.append("error: ").append(first).append('\n');
        } else {
            // past the user's lines (the braces closing -e statements): at the end of the user's text
            boolean past = diagnostic.getLineNumber() > source.lineCount();
            long line = past ? source.lineCount() : diagnostic.getLineNumber();
            text.append(source.displayName()).append(':').append(line).append(": error: ").append(first).append('\n');
            String shown = source.userLine(line);
            if (!shown.isBlank() && diagnostic.getColumnNumber() != Diagnostic.NOPOS) {
                long column = past ? shown.length()
                        : diagnostic.getColumnNumber() - 1 - (line == 1 ? source.firstLineOffset() : 0);
                text.append(shown).append('\n').append(" ".repeat((int) Math.max(0, column))).append("^\n");
            }
        }
        // "location: class CopasStatements1" names the class -e statements are wrapped in, not the user's
        String wrapper = source != null && source.firstLineOffset() > 0 ? "location: class " + source.unitName() : null;
        message.stream().skip(1).filter(more -> !more.strip().equals(wrapper))
                .forEach(more -> text.append(more).append('\n'));
    }
}
