/**
 * Copas for Java, launcher: the {@code copas} command, which compiles a single-file Java program
 * in memory and runs its {@code main} as the first task of a Copas loop (upstream's
 * {@code bin/copas}). A program, not a library: it exports nothing. See docs/launcher.md.
 */
module io.copas.launcher {
    requires io.copas.core;
    requires io.copas.sync;
    requires java.compiler;
    requires jdk.compiler; // com.sun.source: the first class of a source file, before it is compiled
}
