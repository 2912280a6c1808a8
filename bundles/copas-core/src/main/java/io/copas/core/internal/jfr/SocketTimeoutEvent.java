package io.copas.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task's wait on a socket (or a suspend with a timeout) ended by its timeout. */
@Name("io.copas.SocketWaitTimeout")
@Label("Copas Socket Wait Timed Out")
@Category("Copas")
@Description("A Copas task's wait on a socket, or a timed suspend, ended by its timeout")
@Enabled(false)
@StackTrace(false)
public final class SocketTimeoutEvent extends jdk.jfr.Event {
    @Label("Scheduler")
    String scheduler;
    @Label("Task")
    String task;
    @Label("Socket")
    String socket;
    @Label("Waiting For")
    @Description("read, write or wake-up")
    String waitingFor;
}
