package io.copas.launcher;

import io.copas.core.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the first task does, step by step, and the sources to compile before: the command line's
 * steps with their files read, {@code -e} statements wrapped in classes and each {@code -l} name
 * resolved to a module, a source file or a class.
 *
 * @param sources    every source to compile, together
 * @param sourcePath where a class the sources use but do not declare is looked up as a source
 *                   file: the directory of each file the command line names (the program, the
 *                   {@code -l} source files), in its order ({@link SourceOutline#sourceRoot});
 *                   {@code -e} statements and standard input bring none
 * @param actions    the first task's work, in the command line's order
 */
record LaunchPlan(List<ProgramSource> sources, List<Path> sourcePath, List<Action> actions) {

    private static final System.Logger LOG = System.getLogger(LaunchPlan.class.getName());

    /** One step of the first task, run once the sources are compiled. */
    @FunctionalInterface
    interface Action {

        /**
         * Runs the step inside the first task.
         *
         * @param program   the compiled sources
         * @param scheduler the loop's scheduler
         * @throws Exception whatever the program's code throws
         */
        void run(InMemoryCompiler.CompiledProgram program, Scheduler scheduler) throws Exception;
    }

    LaunchPlan {
        sources = List.copyOf(sources);
        sourcePath = List.copyOf(sourcePath);
        actions = List.copyOf(actions);
    }

    /**
     * Prepares the steps of {@code commandLine}: reads the program (a file or standard input),
     * the {@code -l} source files, and wraps {@code -e} statements, and standard input that
     * declares no type and no method, in classes.
     *
     * @param commandLine the parsed command line
     * @param in          standard input, for the program {@code -}
     * @param out         where {@code -v} prints
     * @return the plan
     * @throws LaunchException if a file cannot be read
     */
    static LaunchPlan of(CommandLine commandLine, InputStream in, PrintStream out) throws LaunchException {
        List<ProgramSource> sources = new ArrayList<>();
        Set<Path> sourcePath = new LinkedHashSet<>();
        List<Action> actions = new ArrayList<>();
        Set<String> moduleImports = moduleImports(commandLine);
        String[] programArgs = commandLine.programArgs().toArray(String[]::new);
        Map<Path, ProgramSource> loadedFiles = new HashMap<>();
        int statements = 0;
        for (CommandLine.Step step : commandLine.steps()) {
            switch (step) {
                case CommandLine.ShowVersions v -> actions.add((program, scheduler) -> VersionReport.print(out, scheduler.engine()));
                case CommandLine.Load load -> actions.add(load(load.name(), sources, sourcePath, loadedFiles));
                case CommandLine.Evaluate e -> {
                    ProgramSource source = ProgramSource.ofStatements("command line", e.statements(),
                            "CopasStatements" + ++statements, moduleImports);
                    sources.add(source);
                    actions.add(statements(source, programArgs));
                }
                case CommandLine.RunProgram run when run.file().equals(CommandLine.STDIN) -> {
                    ProgramSource stdin = readStdin(in);
                    // upstream runs standard input as a chunk; empty, it runs nothing
                    boolean declares = SourceOutline.of(stdin).declaresTypeOrMethod();
                    ProgramSource source = declares ? stdin : ProgramSource.ofStatements(stdin.displayName(), stdin.text(),
                            "CopasStatements" + ++statements, moduleImports);
                    sources.add(source);
                    actions.add(declares ? main(source, run.args()) : statements(source, programArgs));
                }
                case CommandLine.RunProgram run -> {
                    ProgramSource source = read(Path.of(run.file()), sourcePath);
                    sources.add(source);
                    actions.add(main(source, run.args()));
                }
            }
        }
        return new LaunchPlan(sources, List.copyOf(sourcePath), actions);
    }

    /** Runs the {@code main} of a program's source, chosen by {@link EntryPoint}. */
    private static Action main(ProgramSource source, List<String> args) {
        return (program, scheduler) ->
                EntryPoint.of(program.topLevelClasses(source), source.unitName(), source.displayName()).run(args);
    }

    /** Runs statements wrapped by {@link ProgramSource#ofStatements}, with {@code scheduler} and {@code args}. */
    private static Action statements(ProgramSource source, String[] args) {
        return (program, scheduler) -> {
            Method run = program.firstClass(source).getDeclaredMethod(ProgramSource.STATEMENTS_METHOD,
                    Scheduler.class, String[].class);
            EntryPoint.invoke(run, null, scheduler, args.clone());
        };
    }

    /**
     * {@code -l name}: a module of this JVM (nothing to do: it is resolved and readable; its
     * exported packages are imported into {@code -e} statements), a source file {@code name}
     * ending in {@code .java} or {@code name}'s dots as directories plus {@code .java} (as Lua's
     * {@code ./?.lua}), compiled with the program and its first class initialised, else a class
     * on the module or class path, initialised.
     */
    private static Action load(String name, List<ProgramSource> sources, Set<Path> sourcePath,
            Map<Path, ProgramSource> loadedFiles) throws LaunchException {
        if (module(name).isPresent()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "module " + name + " is on the module path");
            return (program, scheduler) -> { };
        }
        Path file = Path.of(name.endsWith(".java") ? name : name.replace('.', '/') + ".java");
        if (name.endsWith(".java") || Files.isRegularFile(file)) {
            // a file loaded twice is compiled once (its class is initialised once anyway)
            Path key = file.toAbsolutePath().normalize();
            ProgramSource source = loadedFiles.get(key);
            if (source == null) {
                source = read(file, sourcePath);
                loadedFiles.put(key, source);
                sources.add(source);
            }
            ProgramSource loaded = source;
            return (program, scheduler) -> initialise(program.firstClass(loaded));
        }
        return (program, scheduler) -> {
            try {
                initialise(Class.forName(name, false, program.loader()));
            } catch (ClassNotFoundException e) {
                throw new LaunchException("-l " + name + ": no module or class of that name, and no file " + file
                        + " (module path: " + System.getProperty("jdk.module.path", "none") + ")");
            }
        };
    }

    private static void initialise(Class<?> type) throws Exception {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ExceptionInInitializerError e) {
            // the class's own failure, as a require that fails
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static Optional<Module> module(String name) {
        return ModuleLayer.boot().findModule(name);
    }

    /**
     * The packages the {@code -l} modules export to everyone (an automatic module, a plain jar,
     * exports all its packages), imported into {@code -e} statements.
     */
    private static Set<String> moduleImports(CommandLine commandLine) {
        Set<String> packages = new LinkedHashSet<>();
        for (CommandLine.Step step : commandLine.steps()) {
            if (step instanceof CommandLine.Load load) {
                module(load.name()).map(Module::getDescriptor).ifPresent(descriptor -> packages.addAll(
                        descriptor.isAutomatic() ? descriptor.packages() : descriptor.exports().stream()
                                .filter(export -> !export.isQualified())
                                .map(ModuleDescriptor.Exports::source)
                                .toList()));
            }
        }
        return packages;
    }

    /** Reads a source file, and adds the directory where the classes it uses are looked up to {@code sourcePath}. */
    private static ProgramSource read(Path file, Set<Path> sourcePath) throws LaunchException {
        try {
            ProgramSource source = ProgramSource.ofFile(file);
            SourceOutline.of(source).sourceRoot(file).ifPresent(sourcePath::add);
            return source;
        } catch (NoSuchFileException e) {
            throw new LaunchException("cannot open " + file + ": no such file");
        } catch (IOException e) {
            throw new LaunchException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ProgramSource readStdin(InputStream in) throws LaunchException {
        try {
            return ProgramSource.ofStdin(in);
        } catch (IOException e) {
            throw new LaunchException("cannot read the program from standard input: " + e.getMessage(), e);
        }
    }
}
