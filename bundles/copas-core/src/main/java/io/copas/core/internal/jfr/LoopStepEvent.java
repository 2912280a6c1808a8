package io.copas.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** One iteration of a Copas loop: its duration is the time spent running tasks and timers. */
@Name("io.copas.LoopStep")
@Label("Copas Loop Step")
@Category("Copas")
@Description("One iteration of a Copas scheduler's loop, excluding the wait in select")
@Enabled(false)
@StackTrace(false)
@Threshold("0 ms")
public final class LoopStepEvent extends jdk.jfr.Event {
    @Label("Scheduler")
    String scheduler;
    @Label("Tasks Run")
    int tasksRun;
    @Label("Sockets Ready")
    int socketsReady;
}
