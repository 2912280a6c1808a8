package io.copas.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution jar started as README says ({@code java -jar copas-felix.jar}), with its
 * console: commands go to the Gogo shell, output lines are awaited by pattern.
 */
final class RunningDistribution implements AutoCloseable {

    private static final long LINE_TIMEOUT_SECONDS = 60;
    private static final long EXIT_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final PrintWriter shell;
    private final Thread reader;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();

    private RunningDistribution(Process process) {
        this.process = process;
        this.shell = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.reader = Thread.ofPlatform().daemon().start(this::readOutput);
    }

    /**
     * Starts the distribution with the JDK that runs the test.
     *
     * @param jvmOptions options before {@code -jar}
     * @return the running distribution
     * @throws Exception if it cannot be started
     */
    static RunningDistribution start(String... jvmOptions) throws Exception {
        Path jar = Path.of(System.getProperty("copas.distribution.jar"));
        assertTrue(Files.isRegularFile(jar), "no distribution jar at " + jar);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar.toString()));
        return new RunningDistribution(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * The distribution's process id, for {@code jcmd}.
     *
     * @return the pid
     */
    long pid() {
        return process.pid();
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (Exception e) {
            lines.add("<<read failed: " + e + ">>");
        }
    }

    /** Types a command into the Gogo shell. */
    void command(String line) {
        shell.println(line);
    }

    /** Asks the JVM to end, as a service manager or {@code kill} does (SIGTERM on POSIX systems). */
    void terminate() {
        process.toHandle().destroy(); // Process.destroy() would also close the streams the output is read from
    }

    /** Ends the shell's input, as Ctrl-D does on a terminal. */
    void closeShellInput() {
        shell.close();
    }

    /**
     * Waits for an output line matching the pattern (Gogo's prompt ignored).
     *
     * @return the match
     * @throws InterruptedException if interrupted
     */
    Matcher awaitLine(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LINE_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            seen.append(line).append('\n');
            Matcher m = pattern.matcher(line.replace("g! ", ""));
            if (m.matches()) {
                return m;
            }
        }
        throw new AssertionError("no line matching " + pattern + " in:\n" + seen);
    }

    /**
     * Repeats a shell command until a line of its output matches: for what appears asynchronously,
     * such as the services that Declarative Services registers after the demo has started. Each
     * round waits for the shell to echo a marker after the command, so no time is guessed.
     *
     * @throws InterruptedException if interrupted
     */
    void awaitCommandOutput(String command, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LINE_TIMEOUT_SECONDS);
        for (int round = 0; System.nanoTime() < deadline; round++) {
            String marker = "end-of-round-" + round;
            command(command + " ; echo " + marker);
            Pattern matchOrMarker = Pattern.compile(pattern.pattern() + "|(" + marker + ")");
            if (awaitLine(matchOrMarker).group(matchOrMarker.matcher("").groupCount()) == null) {
                awaitLine(Pattern.compile(marker)); // consume this round's marker
                return;
            }
        }
        throw new AssertionError("`" + command + "` printed no line matching " + pattern + " in:\n" + seen);
    }

    /**
     * Waits for the JVM to end.
     *
     * @return its exit status
     * @throws InterruptedException if interrupted
     */
    int awaitExit() throws InterruptedException {
        assertTrue(process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the framework did not stop:\n" + output());
        return process.exitValue();
    }

    /**
     * Stops the framework with the shell's {@code stop 0} and expects exit status 0.
     *
     * @throws InterruptedException if interrupted
     */
    void stopWithStatusZero() throws InterruptedException {
        command("stop 0");
        int status = awaitExit();
        assertEquals(0, status, () -> "exit status of `stop 0`:\n" + output());
    }

    /** Everything the distribution printed so far. */
    String output() {
        for (String line; (line = lines.poll()) != null;) {
            seen.append(line).append('\n');
        }
        return seen.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        reader.join(10_000);
    }
}
