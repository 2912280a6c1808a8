package io.copas.launcher;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles the program's sources together, in this process and in memory, against the modules
 * and class path this JVM runs with (so every Copas module is readable), and loads the classes
 * in a class loader of their own.
 */
final class InMemoryCompiler {

    private static final System.Logger LOG = System.getLogger(InMemoryCompiler.class.getName());

    /**
     * The compiled program.
     *
     * @param loader        the class loader of the program's classes
     * @param topLevelTypes the binary names of the top-level types each source declares, in order
     *                      (none for a source that declares none)
     */
    record CompiledProgram(ClassLoader loader, Map<ProgramSource, List<String>> topLevelTypes) {

        CompiledProgram {
            topLevelTypes = Map.copyOf(topLevelTypes);
        }

        /**
         * The first top-level type declared in {@code source} (the class of {@code -e}
         * statements, the class an {@code -l} file's loading initialises).
         *
         * @param source one of the compiled sources
         * @return the class, not yet initialised
         * @throws LaunchException if the source declares no class
         */
        Class<?> firstClass(ProgramSource source) throws LaunchException {
            return topLevelClasses(source).getFirst();
        }

        /**
         * The top-level classes, interfaces, enums and records declared in {@code source}, in
         * order (a compact source file's implicit class is one).
         *
         * @param source one of the compiled sources
         * @return the classes, not yet initialised; at least one
         * @throws LaunchException if the source declares no class
         */
        List<Class<?>> topLevelClasses(ProgramSource source) throws LaunchException {
            List<String> names = topLevelTypes.getOrDefault(source, List.of());
            if (names.isEmpty()) {
                throw new LaunchException(source.displayName() + ": no class is declared in it");
            }
            List<Class<?>> classes = new ArrayList<>();
            for (String name : names) {
                try {
                    classes.add(Class.forName(name, false, loader));
                } catch (ClassNotFoundException e) {
                    throw new LaunchException(source.displayName() + ": class " + name + " was not generated", e);
                }
            }
            return classes;
        }
    }

    /** The program does not compile; the message holds javac's diagnostics. */
    static final class CompilationFailedException extends Exception {

        private static final long serialVersionUID = 1L;

        CompilationFailedException(String diagnostics) {
            super(diagnostics);
        }
    }

    private InMemoryCompiler() {
    }

    /**
     * Compiles {@code sources} in one javac run.
     *
     * @param sources    the compilation units
     * @param sourcePath the directories where a class the sources use but do not declare is
     *                   looked up as a source file ({@code Name.java}), in order; never the
     *                   working directory unless it is one of them
     * @param parent     the parent of the program's class loader (the launcher's loader, which
     *                   sees the Copas modules)
     * @return the program
     * @throws CompilationFailedException with the diagnostics ({@code file:line: error: ...},
     *                                    the line and a caret) when javac reports errors
     * @throws LaunchException            when this JVM has no Java compiler (a JRE)
     */
    static CompiledProgram compile(List<ProgramSource> sources, List<Path> sourcePath, ClassLoader parent)
            throws CompilationFailedException, LaunchException {
        if (sources.isEmpty()) {
            return new CompiledProgram(parent, Map.of()); // -v or -l only: no compiler needed
        }
        JavaCompiler javac = javac();
        long start = System.nanoTime();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        // by URI: javac hands back its own wrappers of our file objects
        Map<URI, ProgramSource> units = new HashMap<>();
        List<SourceUnit> files = new ArrayList<>();
        for (ProgramSource source : sources) {
            SourceUnit unit = new SourceUnit(source, files.size());
            files.add(unit);
            units.put(unit.toUri(), source);
        }
        Map<String, byte[]> classes = new HashMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.getDefault(), null);
        try (JavaFileManager output = new ClassesInMemory(standard, classes)) {
            // both set, even empty: javac's defaults look in the working directory (an empty class
            // path means "."), where a stray Task.java would shadow io.copas.core.Task
            standard.setLocationFromPaths(StandardLocation.SOURCE_PATH, sourcePath);
            standard.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath());
            JavacTask task = (JavacTask) javac.getTask(null, output, diagnostics, options(), null, files);
            Map<ProgramSource, List<String>> topLevelTypes = new HashMap<>();
            for (CompilationUnitTree unit : task.parse()) {
                topLevelTypes.put(units.get(unit.getSourceFile().toUri()), topLevelTypesOf(unit));
            }
            task.generate();
            String errors = DiagnosticsFormat.errors(diagnostics.getDiagnostics(), units);
            if (!errors.isEmpty()) {
                throw new CompilationFailedException(errors);
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "compiled " + sources.size() + " source(s) into " + classes.size()
                    + " class(es) in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            return new CompiledProgram(new ProgramClassLoader(parent, classes), topLevelTypes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The system's Java compiler.
     *
     * @return javac
     * @throws LaunchException when this JVM has none (a JRE)
     */
    static JavaCompiler javac() throws LaunchException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new LaunchException("this Java runtime has no compiler (module jdk.compiler): copas needs a JDK 21 or newer");
        }
        return javac;
    }

    /**
     * javac's options: the running JVM's module path, all of it readable by the program (which is
     * compiled in the unnamed module, as a class path program).
     */
    private static List<String> options() {
        List<String> options = new ArrayList<>(List.of("-proc:none", "-implicit:class", "-Xlint:none"));
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isBlank()) {
            options.addAll(List.of("--module-path", modulePath, "--add-modules", "ALL-MODULE-PATH"));
        }
        return options;
    }

    /** The running JVM's class path (the launcher jar's, under {@code java -jar}), without empty entries. */
    private static List<Path> classPath() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .toList();
    }

    /**
     * The binary names of the classes, interfaces, enums and records the unit declares at its top
     * level, in order (javac names a compact source file's implicit class after the file).
     */
    private static List<String> topLevelTypesOf(CompilationUnitTree unit) {
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName() + ".";
        return unit.getTypeDecls().stream()
                .filter(ClassTree.class::isInstance)
                .map(tree -> pkg + ((ClassTree) tree).getSimpleName())
                .toList();
    }

    /** A source held in memory, named as the user knows it. */
    static final class SourceUnit extends SimpleJavaFileObject {

        final ProgramSource source;

        /** The URI is unique by {@code index}; its last segment names a compact source file's class. */
        SourceUnit(ProgramSource source, int index) {
            super(URI.create("string:///" + index + "/" + source.unitName() + Kind.SOURCE.extension), Kind.SOURCE);
            this.source = source;
        }

        @Override
        public String getName() {
            return source.displayName();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source.text();
        }

        /** A public class need not be named as the file, as with the JDK's source launcher. */
        @Override
        public boolean isNameCompatible(String simpleName, Kind kind) {
            return kind == Kind.SOURCE;
        }
    }

    /** Keeps generated class files in {@code classes} instead of writing them out. */
    private static final class ClassesInMemory extends ForwardingJavaFileManager<StandardJavaFileManager> {

        private final Map<String, byte[]> classes;

        ClassesInMemory(StandardJavaFileManager files, Map<String, byte[]> classes) {
            super(files);
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }

    /** Defines the program's classes from memory; everything else comes from the parent. */
    private static final class ProgramClassLoader extends ClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> classes;

        ProgramClassLoader(ClassLoader parent, Map<String, byte[]> classes) {
            super("copas-program", parent);
            this.classes = Map.copyOf(classes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
