package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's main class in a fresh JVM on the class path of core's classes and the tests', for
 * what happens once per JVM (a class loaded, the JDK's poller started).
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Runs {@code main} and checks that it ended well and printed {@code done}.
     *
     * @param jvmOptions options before the class path
     * @param main       the class whose {@code main} runs
     * @return what the child printed, its errors included
     * @throws Exception if the child cannot be started or read
     */
    static String run(List<String> jvmOptions, Class<?> main) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(location(Scheduler.class) + File.pathSeparator + location(main));
        command.add(main.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child ended");
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("done"), output);
        return output;
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
