package io.copas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the built {@code copas} command (target/copas/bin/copas, or any other command line) as a
 * real process, with this JVM's JDK as JAVA_HOME, and collects its exit status and output.
 */
final class CopasCommand {

    /** Generous: javac starts cold in the child, on a machine busy with other builds. */
    private static final long TIMEOUT_SECONDS = 180;

    /** What a finished process left behind. */
    record Result(int status, String out, String err) {

        List<String> outLines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CopasCommand() {
    }

    /** The property that names the copas installation; set only in the build's after-package run. */
    static final String HOME_PROPERTY = "copas.home";

    /** The copas installation the build assembled. */
    static Path home() {
        Path home = Path.of(System.getProperty(HOME_PROPERTY));
        assertTrue(Files.isExecutable(home.resolve("bin/copas")), "no " + home + "/bin/copas");
        return home;
    }

    static Path script() {
        return home().resolve("bin/copas");
    }

    /** The JDK of this test JVM. */
    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /**
     * Runs {@code bin/copas args...} in {@code directory}.
     */
    static Result copas(Path directory, String... args) throws IOException, InterruptedException {
        return copasWithInput(directory, null, args);
    }

    /**
     * Runs {@code bin/copas args...} in {@code directory} with {@code stdin} as its standard input.
     */
    static Result copasWithInput(Path directory, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script().toString()));
        command.addAll(List.of(args));
        return run(command, directory, stdin, env -> env.put("JAVA_HOME", javaHome().toString()));
    }

    /**
     * Runs {@code bin/copas args...} in {@code directory} until it prints the line {@code ready},
     * then sends it {@code signal} ({@code kill -s}) and collects what it did.
     */
    static Result signalled(Path directory, String ready, String signal, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(script().toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("copas-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectError(err.toFile());
            builder.environment().remove("COPAS_OPTS");
            builder.environment().put("JAVA_HOME", javaHome().toString());
            Process process = builder.start(); // the script execs java: this is the JVM's pid
            StringBuilder out = new StringBuilder();
            try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
                String line;
                do {
                    line = lines.readLine(); // null: it ended before it was ready
                    out.append(line == null ? "" : line + "\n");
                } while (line != null && !line.equals(ready));
                if (line != null) {
                    int kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).start().waitFor();
                    assertEquals(0, kill, "kill -s " + signal);
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    fail("still running after " + TIMEOUT_SECONDS + " s: " + command + "\n" + out + Files.readString(err));
                }
                lines.lines().forEach(rest -> out.append(rest).append('\n')); // what it printed on its way out
            }
            return new Result(process.exitValue(), out.toString(), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /**
     * Whether this JVM ignores SIGINT (Linux: /proc/self/status), as a JVM started in the
     * background by a shell without job control does; the processes it starts then ignore it too.
     */
    static boolean ignoresInterrupt() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        long sigint = 1L << (2 - 1); // the mask's bit n-1 stands for signal n
        return Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .anyMatch(line -> (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & sigint) != 0);
    }

    /**
     * Runs {@code command}, with {@code stdin} (or nothing) as its standard input, after
     * {@code environment} adjusted the environment.
     */
    static Result run(List<String> command, Path directory, String stdin, Consumer<Map<String, String>> environment)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("copas-out", ".txt");
        Path err = Files.createTempFile("copas-err", ".txt");
        Path in = Files.createTempFile("copas-in", ".txt");
        try {
            Files.writeString(in, stdin == null ? "" : stdin);
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("COPAS_OPTS");
            environment.accept(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail("still running after " + TIMEOUT_SECONDS + " s: " + command + "\n" + Files.readString(out)
                        + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            Files.deleteIfExists(in);
        }
    }
}
