package io.copas.launcher;

/**
 * The program cannot be started or loaded as asked (no such file, module or class, no
 * {@code main}); the message says what, and the launcher prints it without a stack trace.
 */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
        super(message);
    }

    LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
