package io.copas.launcher;

import static io.copas.launcher.CopasCommand.copas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every option of the built {@code copas} command, each run as a process: the programs are in
 * src/test/resources/programs, copied to a working directory. They run after {@code package}
 * (surefire's execution {@code launcher-processes}), on the assembled target/copas.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a program that never prints what is awaited
class LauncherProcessTest {

    private static final List<String> PROGRAMS =
            List.of("Hello.java", "Broken.java", "Failing.java", "Lingering.java", "Greeter.java", "greet", "Forever.java");

    @TempDir
    static Path work;

    /** The engine `auto` picks when the launcher opens java.lang to io.copas.core (decision 0004). */
    private static final String FASTEST_ENGINE = Runtime.version().feature() >= 24 ? "carrier" : "default";

    @BeforeAll
    static void copyPrograms() throws IOException {
        // the surefire run of `test` comes before `package` made target/copas: these run in the next one
        assumeTrue(System.getProperty(CopasCommand.HOME_PROPERTY) != null, "runs after package (execution launcher-processes)");
        for (String program : PROGRAMS) {
            try (InputStream in = Objects.requireNonNull(
                    LauncherProcessTest.class.getResourceAsStream("/programs/" + program), program)) {
                Files.copy(in, work.resolve(program));
            }
        }
    }

    @Test
    void programMainRunsAsTheFirstTaskWithItsArgumentsOnTheFastestEngine() throws Exception {
        assertHello(copas(work, "Hello.java", "a", "b c"), "a, b c");
    }

    @Test
    void doubleDashEndsTheOptionsAndTheNextArgumentIsTheProgram() throws Exception {
        assertHello(copas(work, "--", "Hello.java", "-v"), "-v");
    }

    /** Hello.java ran as the first task, on the fastest engine, and the loop ended. */
    private static void assertHello(CopasCommand.Result result, String arguments) {
        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("hello [" + arguments + "] from copas_initializer on " + FASTEST_ENGINE), result.outLines(),
                result::toString);
    }

    @Test
    void statementsSeeTheSchedulerTheImportsAndCopasQueueBeforeJavaUtils() throws Exception {
        CopasCommand.Result result = copas(work, "-e", """
                Queue<String> queue = Queue.create();
                scheduler.add(() -> queue.push("from a task " + Duration.ofMillis(1)));
                System.out.println(queue.pop(Duration.ofSeconds(30)) + " " + List.of(scheduler.engine()));
                """, "-e", "System.out.println(\"second -e in \" + Copas.current().name());");

        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("from a task PT0.001S [" + FASTEST_ENGINE + "]", "second -e in copas_initializer"),
                result.outLines(), result::toString);
    }

    @Test
    void loadRunsInOrderAModuleAClassAndASourceFileOfTheWorkingDirectory() throws Exception {
        CopasCommand.Result result = copas(work,
                "-e", "System.out.println(\"first\");",
                "-l", "io.copas.http",           // a module: its exported packages imported into -e
                "-l", "Greeter",                 // ./Greeter.java, compiled with the program
                "-l", "Greeter.java",            // the same file: compiled and initialised once
                "-l", "io.copas.sync.Timer",     // a class of the module path
                "-e", "System.out.println(Greeter.greet(HttpClient.class.getSimpleName()));");

        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("first", "greeter loaded", "hello, HttpClient"), result.outLines(), result::toString);
    }

    @Test
    void copasModulePathAddsModulesThatLoadImportsIntoStatements() throws Exception {
        Path source = Files.createDirectories(work.resolve("extra-src")).resolve("Shout.java");
        Files.writeString(source, "package org.example.extra; public class Shout {"
                + " public static String shout(String s) { return s.toUpperCase() + \"!\"; } }");
        Path classes = work.resolve("extra-classes");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                source.toString()));
        Path jar = work.resolve("extra.jar"); // an automatic module named "extra"
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("org/example/extra/Shout.class"));
            Files.copy(classes.resolve("org/example/extra/Shout.class"), out);
            out.closeEntry();
        }

        CopasCommand.Result result = CopasCommand.run(List.of(CopasCommand.script().toString(),
                "-l", "extra", "-e", "System.out.println(Shout.shout(\"hi\"));"), work, null, env -> {
                    env.put("JAVA_HOME", CopasCommand.javaHome().toString());
                    env.put("COPAS_MODULE_PATH", jar.toString());
                });

        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("HI!"), result.outLines(), result::toString);
    }

    @Test
    void classesAProgramUsesAreFoundInItsDirectoryNeverInTheWorkingDirectory() throws Exception {
        Path cwd = Files.createDirectories(work.resolve("siblings"));
        // a stray file of the working directory: it would shadow io.copas.core.Task (on-demand import)
        Files.writeString(cwd.resolve("Task.java"), "public class Task { }");
        Path program = Files.createDirectories(cwd.resolve("sib"));
        Files.writeString(program.resolve("Helper.java"), "class Helper { String hi() { return \"helper\"; } }");
        Files.writeString(program.resolve("Main.java"), """
                import io.copas.core.*;
                public class Main {
                    public static void main(String[] args) {
                        Task task = Copas.current();
                        System.out.println(new Helper().hi() + " next to the program, in " + task.name());
                    }
                }
                """);

        CopasCommand.Result result = copas(cwd, "-e", "System.out.println(Task.class.getName());", "sib/Main.java");

        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("io.copas.core.Task", "helper next to the program, in copas_initializer"),
                result.outLines(), result::toString);
    }

    @Test
    void interfaceDeclaredFirstGivesWayToTheClassNamedAfterTheFileAsWithJava() throws Exception {
        Files.writeString(work.resolve("Iface.java"), """
                interface Greeting { }
                public class Iface { public static void main(String[] args) { System.out.println("Iface ran"); } }
                """);

        CopasCommand.Result result = copas(work, "Iface.java");

        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("Iface ran"), result.outLines(), result::toString);
    }

    @Test
    void loadOfAnUnknownNameFailsWithItsNameAndExitsOne() throws Exception {
        CopasCommand.Result result = copas(work, "-e", "System.out.println(\"before\");", "-l", "org.example.Missing");

        assertEquals(1, result.status(), result::toString);
        assertEquals(List.of("before"), result.outLines(), result::toString);
        assertTrue(result.err().contains(
                "-l org.example.Missing: no module or class of that name, and no file org/example/Missing.java"),
                result::toString);
    }

    @Test
    void versionsNameEveryCopasModuleTheJdkAndTheEngine() throws Exception {
        CopasCommand.Result result = copas(work, "-v");

        assertEquals(0, result.status(), result::toString);
        String version = System.getProperty("copas.version");
        for (String module : List.of("core", "sync", "tls", "http", "smtp", "ftp", "launcher")) {
            assertTrue(result.outLines().contains("io.copas." + module + " " + version), module + "\n" + result);
        }
        assertTrue(result.out().contains("JDK " + Runtime.version() + " "), result::toString);
        assertTrue(result.outLines().contains("engine " + FASTEST_ENGINE), result::toString);
        assertEquals("", result.err(), "no log noise by default");
    }

    @Test
    void dashReadsTheProgramFromStandardInput() throws Exception {
        CopasCommand.Result result = CopasCommand.copasWithInput(work, """
                public class FromStdin {
                    public static void main(String[] args) {
                        System.out.println("stdin says " + String.join(",", args));
                    }
                }
                """, "-", "x");

        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("stdin says x"), result.outLines(), result::toString);
    }

    @Test
    void standardInputThatDeclaresNothingRunsAsStatementsWithWhatEHas() throws Exception {
        CopasCommand.Result result = CopasCommand.copasWithInput(work, """
                Copas.pause(Duration.ofMillis(1));
                System.out.println("hi " + String.join(",", args) + " in " + Copas.current().name()
                        + ", same scheduler: " + (scheduler == Copas.scheduler()));
                """, "-", "a", "b");

        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("hi a,b in copas_initializer, same scheduler: true"), result.outLines(), result::toString);
    }

    @Test
    void emptyStandardInputRunsNothingAndExitsZeroAsUpstream() throws Exception {
        CopasCommand.Result result = CopasCommand.copasWithInput(work, "");

        assertEquals(0, result.status(), result::toString);
        assertEquals("", result.out() + result.err(), result::toString);
    }

    @Test
    void shebangFileRunsDirectlyWithCopasOnThePathAndJavaFoundOnThePath() throws Exception {
        Path script = work.resolve("greet");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = CopasCommand.home().resolve("bin") + ":" + CopasCommand.javaHome().resolve("bin") + ":/usr/bin:/bin";

        CopasCommand.Result result = CopasCommand.run(List.of("./greet", "x", "y"), work, null, env -> {
            env.remove("JAVA_HOME");
            env.put("PATH", path);
        });

        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("shebang [x, y] in copas_initializer"), result.outLines(), result::toString);
    }

    @Test
    void compileErrorPrintsTheDiagnosticWithFileAndLineAndExitsOne() throws Exception {
        CopasCommand.Result result = copas(work, "Broken.java");

        assertEquals(1, result.status(), result::toString);
        assertEquals("", result.out(), "nothing ran");
        assertTrue(result.err().contains("Broken.java:5: error: incompatible types"), result::toString);
        assertTrue(result.err().contains("int count = \"three\";"), result::toString);
        assertTrue(result.err().contains("1 error"), result::toString);
    }

    @Test
    void compileErrorInStatementsNamesTheCommandLineAndItsLine() throws Exception {
        CopasCommand.Result result = copas(work, "-e", "int fine = 1;\nSystem.out.println(missing);");

        assertEquals(1, result.status(), result::toString);
        assertTrue(result.err().contains("command line:2: error: cannot find symbol"), result::toString);
    }

    @Test
    void exceptionEscapingTheFirstTaskPrintsTheTracebackAndExitsOneWithoutWaitingForOtherTasks() throws Exception {
        CopasCommand.Result result = copas(work, "Failing.java");

        assertEquals(1, result.status(), result::toString);
        // the sleeper is removed: its finally block runs up to its first wait, where it is dropped
        assertEquals(List.of("about to fail", "sleeper's finally starts"), result.outLines(), result::toString);
        assertTrue(result.err().contains("java.lang.IllegalStateException: the program gave up (task: copas_initializer"),
                result::toString);
        assertTrue(result.err().contains("Failing.main(Failing.java:21)"), result::toString);
    }

    @Test
    void interruptExits130AfterTheShutdownHooksWithoutTheTasksFinallyBlocks() throws Exception {
        // a JVM started with SIGINT ignored (in the background, without job control) keeps it so, as would copas
        assumeFalse(CopasCommand.ignoresInterrupt(), "this JVM, and so copas, ignores SIGINT");

        assertStoppedBySignal("INT", 130);
    }

    @Test
    void terminationExits143AfterTheShutdownHooksWithoutTheTasksFinallyBlocks() throws Exception {
        assertStoppedBySignal("TERM", 143);
    }

    /** Forever.java, stopped by {@code signal} once its task runs: only the JVM's shutdown hooks run. */
    private static void assertStoppedBySignal(String signal, int status) throws Exception {
        CopasCommand.Result result = CopasCommand.signalled(work, "started", signal, "Forever.java");

        assertEquals(status, result.status(), result::toString);
        assertEquals(List.of("started", "shutdown hook ran"), result.outLines(), result::toString);
    }

    @Test
    void processWaitsForTheTasksMainLeftBehind() throws Exception {
        CopasCommand.Result result = copas(work, "Lingering.java");

        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("main returned", "worker 1 done", "worker 2 done", "worker 3 done"), result.outLines(),
                result::toString);
    }

    @Test
    void recurringTimerExampleTicksThenTheLoopEnds() throws Exception {
        Path ticker = Path.of(System.getProperty("copas.examples"), "Ticker.java");

        CopasCommand.Result result = copas(work, ticker.toString(), "3");

        assertEquals(0, result.status(), result::toString);
        assertEquals(List.of("hello world 1", "hello world 2", "hello world 3"), result.outLines(), result::toString);
    }

    @Test
    void launcherDocShowsTheTickerExampleAsTheBuildRunsIt() throws Exception {
        Path examples = Path.of(System.getProperty("copas.examples"));
        String doc = Files.readString(examples.resolve("../../docs/launcher.md"));

        assertTrue(doc.contains("```java\n" + Files.readString(examples.resolve("Ticker.java")) + "```"),
                "docs/launcher.md must show launcher/examples/Ticker.java unchanged");
    }

    @Test
    void unknownOptionPrintsTheUsageAndExitsTwoBeforeAnyOptionRuns() throws Exception {
        CopasCommand.Result result = copas(work, "-v", "-x", "Hello.java");

        assertEquals(2, result.status(), result::toString);
        assertTrue(result.err().contains("unknown option '-x'"), result::toString);
        assertTrue(result.err().contains("usage: copas"), result::toString);
        assertEquals("", result.out());
    }

    @Test
    void executableJarRunsTheProgramOnTheClassPathWithTheFastestEngine() throws Exception {
        Path jar;
        try (var jars = Files.list(CopasCommand.home().resolve("lib"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("copas-launcher-")).findFirst().orElseThrow();
        }
        String java = CopasCommand.javaHome().resolve("bin/java").toString();

        assertHello(CopasCommand.run(List.of(java, "-jar", jar.toString(), "Hello.java", "jar"), work, null, env -> { }),
                "jar");
    }

    @Test
    void copasOptsReachTheJvmAndTheContinuationEngineIsGrantedWhenAskedFor() throws Exception {
        CopasCommand.Result result = CopasCommand.run(List.of(CopasCommand.script().toString(), "-v"), work, null, env -> {
            env.put("JAVA_HOME", CopasCommand.javaHome().toString());
            env.put("COPAS_OPTS", "-Dio.copas.engine=continuation");
        });

        assertEquals(0, result.status(), result::toString);
        assertTrue(result.outLines().contains("engine continuation"), result::toString);
    }

    @Test
    void scriptRefusesAJavaOlderThan21() throws Exception {
        Path oldJdk = Files.createDirectories(work.resolve("old-jdk/bin"));
        Files.writeString(oldJdk.resolveSibling("release"), "JAVA_VERSION=\"17.0.9\"\nMODULES=\"java.base jdk.compiler\"\n");
        Path java = Files.writeString(oldJdk.resolve("java"), "#!/bin/sh\necho should not run\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        CopasCommand.Result result = CopasCommand.run(List.of(CopasCommand.script().toString(), "-v"), work, null,
                env -> env.put("JAVA_HOME", oldJdk.getParent().toString()));

        assertEquals(1, result.status(), result::toString);
        assertTrue(result.err().contains("is Java 17; copas needs a JDK 21 or newer"), result::toString);
        assertEquals("", result.out());
    }
}
