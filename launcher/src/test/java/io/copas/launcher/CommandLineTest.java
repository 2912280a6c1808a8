package io.copas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.copas.launcher.CommandLine.Evaluate;
import io.copas.launcher.CommandLine.Load;
import io.copas.launcher.CommandLine.RunProgram;
import io.copas.launcher.CommandLine.ShowVersions;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void optionsKeepTheirOrderAndTheProgramTakesTheRestAsArguments() throws Exception {
        CommandLine line = CommandLine.parse("-v", "-l", "io.copas.http", "-e", "x();", "Hello.java", "-v", "--", "a");

        assertEquals(List.of(new ShowVersions(), new Load("io.copas.http"), new Evaluate("x();"),
                new RunProgram("Hello.java", List.of("-v", "--", "a"))), line.steps());
        assertEquals(List.of("-v", "--", "a"), line.programArgs());
    }

    @Test
    void withoutArgumentsTheProgramComesFromStandardInputAsUpstream() throws Exception {
        assertEquals(List.of(new RunProgram("-", List.of())), CommandLine.parse().steps());
    }

    @Test
    void dashIsStandardInputAndEndsTheOptions() throws Exception {
        assertEquals(List.of(new RunProgram("-", List.of("-e", "x"))), CommandLine.parse("-", "-e", "x").steps());
    }

    @Test
    void doubleDashEndsTheOptionsWithOrWithoutAProgram() throws Exception {
        assertEquals(List.of(new RunProgram("-odd.java", List.of("b"))), CommandLine.parse("--", "-odd.java", "b").steps());
        assertEquals(List.of(new Evaluate("x();")), CommandLine.parse("-e", "x();", "--").steps());
        assertEquals(List.of(), CommandLine.parse("-e", "x();", "--").programArgs());
    }

    @Test
    void unknownOptionsAndMissingValuesAreUsageErrors() {
        assertEquals("unknown option '-x'", assertThrows(CommandLine.UsageException.class,
                () -> CommandLine.parse("-x")).getMessage());
        assertEquals("option '-e' needs a value", assertThrows(CommandLine.UsageException.class,
                () -> CommandLine.parse("-v", "-e")).getMessage());
        assertEquals("option '-l' needs a value", assertThrows(CommandLine.UsageException.class,
                () -> CommandLine.parse("-l")).getMessage());
    }
}
