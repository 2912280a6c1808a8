package io.copas.itests.jpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Launches {@code java --module-path <copas-core>:<jpms-app> -m io.copas.jpms.app/io.copas.jpms.app.Main}
 * as a child process, and the same application on the class path. The paths come from
 * maven-dependency-plugin:properties via system properties (jar files in a `verify` build,
 * target/classes directories (exploded modules) if only `test` was run; both work on the module
 * path).
 */
class JpmsLaunchTest {

    private static Path required(String property) {
        String value = System.getProperty(property);
        assertTrue(value != null && !value.isBlank() && !value.startsWith("${"),
                "system property " + property + " not set by the build: " + value);
        Path path = Path.of(value);
        assertTrue(Files.exists(path), property + " does not exist: " + path);
        return path;
    }

    @Test
    void echoRoundTripOnTheModulePathWithTheDefaultEngine() throws IOException, InterruptedException {
        String output = runApp(List.of());
        assertTrue(output.lines().anyMatch("copas-core module: io.copas.core"::equals), output);
        assertTrue(output.lines().anyMatch("echo: hello from the module path (engine default)"::equals), output);
    }

    @Test
    void carrierEngineIsChosenWhenJavaLangIsOpenedToTheModule() throws IOException, InterruptedException {
        String output = runApp(List.of("--add-opens", "java.base/java.lang=io.copas.core"));
        assertTrue(output.lines().anyMatch("echo: hello from the module path (engine carrier)"::equals), output);
    }

    @Test
    void autoNeverPicksTheContinuationEngineEvenWhenJdkInternalVmIsExported() throws IOException, InterruptedException {
        String output = runApp(List.of("--add-exports", "java.base/jdk.internal.vm=io.copas.core"));
        assertTrue(output.lines().anyMatch("echo: hello from the module path (engine default)"::equals), output);
    }

    @Test
    void continuationEngineRunsOnTheModulePathWhenAskedFor() throws IOException, InterruptedException {
        String output = runApp(List.of("--add-exports", "java.base/jdk.internal.vm=io.copas.core",
                "-Dio.copas.engine=continuation"));
        assertTrue(output.lines().anyMatch("echo: hello from the module path (engine continuation)"::equals), output);
    }

    @Test
    void clientModuleOnTheModulePathIsFoundThroughServiceLoader() throws IOException, InterruptedException {
        String output = runApp(List.of(), required("copas.http.jar"));
        assertTrue(output.lines().anyMatch("client http: io.copas.http.HttpClient from module io.copas.http"::equals),
                output);
    }

    @Test
    void clientModuleLeftOffTheModulePathFailsNamingIt() throws IOException, InterruptedException {
        String output = runApp(List.of());
        assertTrue(output.lines().anyMatch(line -> line.startsWith("client http: unavailable: ")
                && line.contains("add the module io.copas.http to the module path")), output);
    }

    @Test
    void clientJarsOnTheClassPathAreFoundThroughTheirServiceFiles() throws IOException, InterruptedException {
        String classPath = String.join(File.pathSeparator, List.of(required("copas.core.jar").toString(),
                required("copas.jpms.app.jar").toString(), required("copas.http.jar").toString(),
                required("copas.ftp.jar").toString(), required("copas.smtp.jar").toString()));
        String output = run(List.of("-cp", classPath, "io.copas.jpms.app.Main", "http", "https", "ftp", "smtp"));
        assertTrue(output.lines().anyMatch("copas-core on the class path"::equals), output);
        for (String scheme : List.of("http", "https", "ftp", "smtp")) {
            String module = scheme.equals("https") ? "http" : scheme;
            assertTrue(output.lines().anyMatch(line -> line.startsWith("client " + scheme + ": io.copas." + module + ".")
                    && line.endsWith(" from the class path")), output);
        }
        assertTrue(output.lines().anyMatch("echo: hello from the module path (engine default)"::equals), output);
    }

    private static String runApp(List<String> jvmOptions, Path... moreModules) throws IOException, InterruptedException {
        Path core = required("copas.core.jar");
        Path app = required("copas.jpms.app.jar");
        StringBuilder modulePath = new StringBuilder(core + File.pathSeparator + app);
        for (Path module : moreModules) {
            modulePath.append(File.pathSeparator).append(module);
        }
        List<String> arguments = new java.util.ArrayList<>(jvmOptions);
        arguments.addAll(List.of("--module-path", modulePath.toString(), "-m", "io.copas.jpms.app/io.copas.jpms.app.Main"));
        return run(arguments);
    }

    /** Runs {@code java} with {@code arguments} and returns its output; it must exit with 0. */
    private static String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not exit");
        assertEquals(0, process.exitValue(), "exit code of " + command + "; output:\n" + output);
        return output;
    }
}
