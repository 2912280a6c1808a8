package io.copas.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A task held the loop from one resume to its next yield or its end. Its default threshold
 * makes it the "long task run" event; lower it to see every run.
 */
@Name("io.copas.TaskRun")
@Label("Copas Task Run")
@Category("Copas")
@Description("A Copas task ran from a resume to its next yield or end; long runs hold up the whole scheduler")
@Enabled(false)
@StackTrace(false)
@Threshold("20 ms")
public final class TaskRunEvent extends jdk.jfr.Event {
    @Label("Scheduler")
    String scheduler;
    @Label("Task")
    String task;
    @Label("Ended")
    boolean ended;
}
