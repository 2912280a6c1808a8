package io.copas.core.internal;

import io.copas.core.CopasSocket;
import io.copas.core.ErrorHandler;
import io.copas.core.Task;
import io.copas.core.TransferFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.SocketException;
import javax.net.ssl.SSLException;

/** Traceback texts and the built-in error handler. */
public final class Tracebacks {

    private Tracebacks() {
    }

    /**
     * The built-in default error handler. A connection that failed on its own I/O (the peer hung
     * up, went quiet, reset it, or failed its TLS handshake) is logged on one line at WARNING,
     * with the traceback at DEBUG: routine on any server, and upstream's handlers get such
     * failures as return values, so they rarely print them. Anything else is logged with its
     * traceback at ERROR.
     */
    static final ErrorHandler LOGGING_HANDLER = (error, task, socket) -> {
        if (socket != null && isConnectionFailure(error)) {
            SchedulerImpl.LOG.log(System.Logger.Level.WARNING,
                    () -> heading(error, task, socket) + ": the connection failed (traceback at DEBUG)");
            SchedulerImpl.LOG.log(System.Logger.Level.DEBUG, () -> format(error, task, socket));
        } else {
            SchedulerImpl.LOG.log(System.Logger.Level.ERROR, format(error, task, socket));
        }
    };

    /** Whether {@code error} is a socket's own failure rather than a fault in the task's code. */
    static boolean isConnectionFailure(Throwable error) {
        return error instanceof TransferFailure || error instanceof SSLException || error instanceof SocketException;
    }

    /**
     * Formats {@code "<error> (task: <name>, socket: <name>)"} followed by the stack trace.
     *
     * @param error  the error, may be {@code null}
     * @param task   the task, may be {@code null}
     * @param socket the socket, may be {@code null}
     * @return the text
     */
    public static String format(Throwable error, Task task, CopasSocket socket) {
        StringWriter out = new StringWriter();
        out.append(heading(error, task, socket));
        if (error != null) {
            out.append(System.lineSeparator()).append("stack traceback:").append(System.lineSeparator());
            error.printStackTrace(new PrintWriter(out, true));
        }
        return out.toString();
    }

    private static String heading(Throwable error, Task task, CopasSocket socket) {
        return (error == null ? "error" : String.valueOf(error))
                + " (task: " + (task == null ? "none" : task.name())
                + ", socket: " + (socket == null ? "none" : socket.name()) + ')';
    }
}
