/**
 * The {@code copas} command: {@link io.copas.launcher.Main} parses the command line
 * ({@code CommandLine}), reads the program's sources ({@code ProgramSource}) and outlines them
 * ({@code SourceOutline}: where the classes they use are, whether standard input is statements),
 * compiles them in memory ({@code InMemoryCompiler}) and runs them as the first task of a
 * scheduler ({@code Launcher}). Not exported.
 */
package io.copas.launcher;
