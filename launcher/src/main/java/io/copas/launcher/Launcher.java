package io.copas.launcher;

import io.copas.core.Copas;
import io.copas.core.CopasSocket;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Runs one command line: parses it, compiles the program, then runs the loop with the program's
 * steps ({@code -v}, {@code -l}, {@code -e}, the program's {@code main}) as its first task, and
 * answers the exit status once the loop has ended.
 */
final class Launcher {

    /** The loop ended: every task is done. */
    static final int OK = 0;
    /** The program did not compile, could not be started, or its first task failed. */
    static final int FAILED = 1;
    /** The command line is wrong. */
    static final int USAGE = 2;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean firstTaskFailed;

    /**
     * A launcher on the given standard streams.
     *
     * @param in  standard input (the program {@code -})
     * @param out standard output ({@code -v})
     * @param err standard error (usage, diagnostics, the failure's traceback)
     */
    Launcher(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command line.
     *
     * @param args the command's arguments
     * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    int run(String... args) {
        LaunchPlan plan;
        InMemoryCompiler.CompiledProgram program;
        try {
            plan = LaunchPlan.of(CommandLine.parse(args), in, out);
            program = InMemoryCompiler.compile(plan.sources(), plan.sourcePath(), Launcher.class.getClassLoader());
        } catch (CommandLine.UsageException e) {
            err.println("copas: " + e.getMessage());
            err.println(CommandLine.USAGE);
            return USAGE;
        } catch (InMemoryCompiler.CompilationFailedException e) {
            err.print(e.getMessage());
            return FAILED;
        } catch (LaunchException e) {
            err.println("copas: " + e.getMessage());
            return FAILED;
        }
        try (Scheduler scheduler = Scheduler.builder().name("copas").build()) {
            scheduler.loop(() -> {
                Copas.setErrorHandler((error, task, socket) -> failed(scheduler, error, task, socket));
                for (LaunchPlan.Action action : plan.actions()) {
                    action.run(program, scheduler);
                }
            });
        }
        return firstTaskFailed ? FAILED : OK;
    }

    /**
     * The first task failed: print its traceback (or a launch problem's message) and end the loop,
     * removing every other task, as upstream's runtime exits at once.
     */
    private void failed(Scheduler scheduler, Throwable error, Task task, CopasSocket socket) {
        firstTaskFailed = true;
        out.flush();
        String report = error instanceof LaunchException launch ? "copas: " + launch.getMessage()
                : Copas.traceback(error, task, socket);
        err.print(report.endsWith("\n") ? report : report + "\n");
        err.flush();
        scheduler.cancelAll();
    }
}
