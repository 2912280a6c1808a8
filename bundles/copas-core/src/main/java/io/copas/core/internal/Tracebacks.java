package io.copas.core.internal;

import io.copas.core.CopasSocket;
import io.copas.core.ErrorHandler;
import io.copas.core.Task;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Traceback texts and the built-in error handler. */
public final class Tracebacks {

    private Tracebacks() {
    }

    /** The built-in default error handler: logs the traceback at ERROR. */
    static final ErrorHandler LOGGING_HANDLER = (error, task, socket) ->
            SchedulerImpl.LOG.log(System.Logger.Level.ERROR, format(error, task, socket));

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
        out.append(error == null ? "error" : String.valueOf(error))
                .append(" (task: ").append(task == null ? "none" : task.name())
                .append(", socket: ").append(socket == null ? "none" : socket.name()).append(')');
        if (error != null) {
            out.append(System.lineSeparator()).append("stack traceback:").append(System.lineSeparator());
            error.printStackTrace(new PrintWriter(out, true));
        }
        return out.toString();
    }
}
