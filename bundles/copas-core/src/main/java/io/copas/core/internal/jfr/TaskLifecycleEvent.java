package io.copas.core.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task started (first resume) or ended. */
@Name("io.copas.TaskLifecycle")
@Label("Copas Task Start/End")
@Category("Copas")
@Description("A Copas task started or ended")
@Enabled(false)
@StackTrace(false)
public final class TaskLifecycleEvent extends jdk.jfr.Event {
    @Label("Scheduler")
    String scheduler;
    @Label("Task")
    String task;
    @Label("Phase")
    @Description("start, end, failed, removed or dropped")
    String phase;
}
