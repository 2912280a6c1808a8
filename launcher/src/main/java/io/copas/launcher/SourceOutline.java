package io.copas.launcher;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a source declares at its top level, read by parsing it alone, before the program is
 * compiled: a file's package tells where the classes it uses are looked up, and a program read
 * from standard input that declares nothing is a chunk of statements, as upstream's.
 *
 * @param packageName          the package, empty for the unnamed package
 * @param declaresTypeOrMethod whether a class, interface, enum, record or annotation type, or a
 *                             top-level method (a compact source file's {@code void main()}), is
 *                             declared
 */
record SourceOutline(String packageName, boolean declaresTypeOrMethod) {

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
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            return new SourceOutline(unit.getPackageName() == null ? "" : unit.getPackageName().toString(),
                    unit.getTypeDecls().stream().anyMatch(tree -> declaresTypeOrMethod(tree, unit, positions)));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the text is in memory
        }
    }

    /**
     * Whether a top-level tree declares a type or a method. javac gathers a compact source file's
     * top-level fields and methods in an implicit class, which starts where its first member does
     * (a declared class starts before its members, at its modifiers or keyword); that class counts
     * only for the types and methods among its members. A statement parses as an erroneous tree,
     * or as a field; a call such as {@code foo();} as a method without a return type, which
     * cannot be declared there.
     */
    private static boolean declaresTypeOrMethod(Tree tree, CompilationUnitTree unit, SourcePositions positions) {
        if (!(tree instanceof ClassTree type)) {
            return false;
        }
        List<? extends Tree> members = type.getMembers();
        boolean implicit = !members.isEmpty()
                && positions.getStartPosition(unit, type) == positions.getStartPosition(unit, members.getFirst());
        return !implicit || members.stream().anyMatch(member -> member instanceof ClassTree
                || member instanceof MethodTree method && method.getReturnType() != null);
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
