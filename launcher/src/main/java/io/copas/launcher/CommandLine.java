package io.copas.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parsed command line: what to do, in the order given, as upstream's {@code bin/copas}
 * handles its options one after the other. Unlike upstream, the whole command line is parsed (and
 * every source compiled) before the first step runs: a usage error stops it before {@code -v}.
 *
 * @param steps what to do, in order; a {@link RunProgram}, if any, is last
 */
record CommandLine(List<Step> steps) {

    /** The file name that stands for standard input. */
    static final String STDIN = "-";

    static final String USAGE = """
            usage: copas [options] [program.java [args...]]
              -e statements  run Java statements (io.copas.core.*, io.copas.sync.*, java.time.*
                             and java.util.* imported; `scheduler` is the loop's Scheduler)
              -l name        load a module, a class, or a source file name.java first
              -v             print the versions of the Copas modules, the JDK and the engine
              --             stop handling options: the next argument is the program
              -              read the program from standard input (the default without arguments);
                             without a class or method declared in it, it runs as -e statements
            The program's main runs as the loop's first task; copas exits when the loop ends.""";

    /** One thing the command line asks for. */
    sealed interface Step permits ShowVersions, Load, Evaluate, RunProgram {
    }

    /** {@code -v}: print versions. */
    record ShowVersions() implements Step {
    }

    /**
     * {@code -l name}: load a module, class or source file.
     *
     * @param name the module name, class name or source file
     */
    record Load(String name) implements Step {
    }

    /**
     * {@code -e statements}: run Java statements.
     *
     * @param statements the statements
     */
    record Evaluate(String statements) implements Step {
    }

    /**
     * Run a program file (or standard input) with arguments.
     *
     * @param file the file, or {@link #STDIN}
     * @param args the program's arguments
     */
    record RunProgram(String file, List<String> args) implements Step {
    }

    /** A command line that cannot be understood; the message says why. */
    static final class UsageException extends Exception {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    CommandLine {
        steps = List.copyOf(steps);
    }

    /**
     * Parses the arguments of the command. Without arguments the program is read from standard
     * input, as upstream does.
     *
     * @param args the arguments
     * @return the steps
     * @throws UsageException for an unknown option or an option without its value
     */
    static CommandLine parse(String... args) throws UsageException {
        List<Step> steps = new ArrayList<>();
        if (args.length == 0) {
            steps.add(new RunProgram(STDIN, List.of()));
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-v" -> steps.add(new ShowVersions());
                case "-l" -> steps.add(new Load(valueOf(args, ++i, arg)));
                case "-e" -> steps.add(new Evaluate(valueOf(args, ++i, arg)));
                case "--" -> {
                    if (i + 1 < args.length) {
                        steps.add(program(args, i + 1));
                    }
                    return new CommandLine(steps);
                }
                default -> {
                    if (arg.startsWith("-") && !arg.equals(STDIN)) {
                        throw new UsageException("unknown option '" + arg + "'");
                    }
                    steps.add(program(args, i));
                    return new CommandLine(steps);
                }
            }
        }
        return new CommandLine(steps);
    }

    private static RunProgram program(String[] args, int index) {
        return new RunProgram(args[index], List.of(Arrays.copyOfRange(args, index + 1, args.length)));
    }

    private static String valueOf(String[] args, int index, String option) throws UsageException {
        if (index >= args.length) {
            throw new UsageException("option '" + option + "' needs a value");
        }
        return args[index];
    }

    /**
     * The program's arguments, which {@code -e} statements see as {@code args} too.
     *
     * @return the arguments after the program's name, or none
     */
    List<String> programArgs() {
        return steps.isEmpty() || !(steps.getLast() instanceof RunProgram run) ? List.of() : run.args();
    }
}
