package io.copas.launcher;

/**
 * Entry point of the {@code copas} command ({@code bin/copas}, or {@code java -jar} on the
 * launcher jar): {@code copas [options] [program.java [args...]]}, see docs/launcher.md.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command and ends the process with its status: 0 when the loop ended, 1 when the
     * program could not be compiled or failed, 2 for a bad command line.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int status = new Launcher(System.in, System.out, System.err).run(args);
        System.out.flush();
        System.err.flush();
        // the loop has ended: the process ends with it, as upstream's does, whatever threads remain
        System.exit(status);
    }
}
