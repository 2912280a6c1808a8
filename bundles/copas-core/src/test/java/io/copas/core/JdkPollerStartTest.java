package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loop starts the JDK's poller before its first task runs. Started later (at the default
 * engine's first idle wait, or at a task's first blocking JDK socket call under the carrier
 * engine), the poller's classes invalidated code the JIT had compiled under the tasks parked by
 * then, and every one of them was deoptimized as it woke: 100,000 sleepers fell seconds behind.
 * Each case is a fresh child JVM, since the poller starts once per JVM; the class-loading log
 * shows what was loaded first.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdkPollerStartTest {

    private static final String POLLER = "sun.nio.ch.Poller ";
    private static final String FIRST_TASK = JdkPollerChild.FirstTask.class.getName() + " ";

    @ParameterizedTest
    @ValueSource(strings = {"default", "continuation", "carrier"})
    void theJdkPollerStartsBeforeTheFirstTaskRuns(String engine, @TempDir Path dir) throws Exception {
        // each case forks its own JVM with its engine: once, in the suite's default-engine run, is enough
        assumeTrue("default".equals(System.getProperty("io.copas.engine", "default")));
        Path classLog = dir.resolve("classes.log");
        String output = runChild(engine, classLog);
        assertTrue(output.contains("engine=" + engine), output);
        List<String> loaded = Files.readAllLines(classLog, StandardCharsets.UTF_8);
        int poller = indexOf(loaded, POLLER);
        int firstTask = indexOf(loaded, FIRST_TASK);
        assertTrue(firstTask >= 0, "the first task ran");
        assertTrue(poller >= 0, "the JDK's poller was started");
        assertTrue(poller < firstTask, "the poller started after the first task ran: line " + poller
                + " against " + firstTask);
    }

    private static int indexOf(List<String> lines, String className) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" " + className)) {
                return i;
            }
        }
        return -1;
    }

    private static String runChild(String engine, Path classLog) throws Exception {
        return ChildJvm.run(List.of(
                "-Xlog:class+load=info:file=" + classLog,
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
                "-Dio.copas.engine=" + engine), JdkPollerChild.class);
    }
}
