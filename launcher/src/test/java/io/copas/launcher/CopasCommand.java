package io.copas.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
