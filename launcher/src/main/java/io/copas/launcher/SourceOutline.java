package io.copas.launcher;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a source declares at its top level, read by parsing it alone, before the program is
 * compiled: a file's package tells where the classes it uses are looked up.
 *
 * @param packageName the package, empty for the unnamed package
 */
record SourceOutline(String packageName) {

    /**
     * Parses {@code source} (syntax errors are left for the compilation to report).
     *
     * @param source the source
     * @return its outline
     * @throws LaunchException when this JVM has no Java compiler (a JRE)
     */
    static SourceOutline of(ProgramSource source) throws LaunchException {
        JavacTask task = (JavacTask) InMemoryCompiler.javac().getTask(null, null, diagnostic -> { },
                List.of("-proc:none"), null, List.of(new InMemoryCompiler.SourceUnit(source, 0)));
        try {
            CompilationUnitTree unit = task.parse().iterator().next();
            return new SourceOutline(unit.getPackageName() == null ? "" : unit.getPackageName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the text is in memory
        }
    }

    /**
     * Where the classes that {@code file} uses but does not declare are looked up as source
     * files, as the JDK's source launcher does: the file's directory, or for a file in package
     * {@code a.b} the directory that holds its {@code a/b}. None when the file's directories do not
     * end with its package's names (the JDK's launcher refuses such a file).
     *
     * @param file the file this outline was read from
     * @return the directory, absolute
     */
    Optional<Path> sourceRoot(Path file) {
        Path root = file.toAbsolutePath().normalize().getParent();
        if (packageName.isEmpty()) {
            return Optional.of(root);
        }
        Path packagePath = Path.of(packageName.replace('.', '/'));
        if (!root.endsWith(packagePath)) {
            return Optional.empty();
        }
        for (int i = 0; i < packagePath.getNameCount(); i++) {
            root = root.getParent();
        }
        return Optional.of(root);
    }
}
