package io.copas.core.internal.osgi;

import io.copas.core.Scheduler;
import io.copas.core.SchedulerStatus;
import io.copas.core.Task;
import io.copas.core.internal.SchedulerImpl;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo shell commands {@code copas:status}, {@code copas:tasks} and {@code copas:clients}, and
 * {@code copas:copas}, which
 * lists them (so that {@code help copas} finds them). Gogo finds the commands by the
 * {@code osgi.command.*} service properties and shows Gogo's {@link Descriptor} texts in
 * {@code help}; the import of that annotation is optional, so the bundle resolves without Gogo
 * (the JVM ignores an annotation whose type is missing). The scheduler is an optional reference:
 * without it the commands say why it is missing instead of vanishing from the shell.
 */
@Component(service = CopasCommands.class, property = {
    "osgi.command.scope=copas",
    "osgi.command.function=copas",
    "osgi.command.function=status",
    "osgi.command.function=tasks",
    "osgi.command.function=clients"
})
public final class CopasCommands {

    private static final String STATUS = "the scheduler's name, engine, task and socket counts, and step statistics when enabled";
    private static final String TASKS = "one line per live task of the scheduler: its state, name and socket";
    private static final String CLIENTS = "each protocol client bundle (http, ftp, smtp) with its state, revision and schemes";
    private static final String GET = "with io.copas.http: the status line, headers and body size of a GET of <url>";

    /**
     * The scheduler service, optional: the commands stay, and say why, when it is missing (a bad
     * configuration keeps it from starting, or its component is disabled).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Scheduler scheduler;

    private final BundleContext context;

    /**
     * Creates the commands.
     *
     * @param context the core bundle's context (to describe a missing scheduler)
     */
    @Activate
    public CopasCommands(BundleContext context) {
        this.context = context;
    }

    /**
     * {@code copas:copas}: the Copas commands and what each shows.
     *
     * @return the text
     */
    @Descriptor("lists the Copas commands: copas:status (" + STATUS + "), copas:tasks (" + TASKS
            + "), copas:clients (" + CLIENTS + "), copas:get <url> (" + GET + ")")
    public String copas() {
        return "copas:status  " + STATUS + "\ncopas:tasks   " + TASKS + "\ncopas:clients " + CLIENTS
                + "\ncopas:get     " + GET;
    }

    /**
     * {@code copas:status}: the scheduler's counts, and statistics when enabled.
     *
     * @return the text
     */
    @Descriptor(STATUS)
    public String status() {
        Scheduler scheduler = this.scheduler;
        if (scheduler == null) {
            return SchedulerAbsence.describe(context);
        }
        SchedulerStatus s = scheduler.status();
        StringBuilder out = new StringBuilder()
                .append("scheduler ").append(scheduler.name()).append(" (engine ").append(scheduler.engine())
                .append(")\n  running  ").append(s.running())
                .append("\n  read     ").append(s.read())
                .append("\n  write    ").append(s.write())
                .append("\n  active   ").append(s.active())
                .append("\n  timer    ").append(s.timer())
                .append("\n  inactive ").append(s.inactive())
                .append("\n  timeout  ").append(s.timeout())
                .append("\n  sockets  ").append(s.sockets())
                .append("\n  stalls   ").append(s.stalls())
                .append("\n  watchdog ").append(scheduler instanceof SchedulerImpl impl && impl.watchdog() != null
                        ? impl.watchdog().toMillis() + " ms" : "off");
        s.statistics().ifPresent(st -> out.append(String.format(
                "%n  steps    %d%n  step avg %.3f ms, min %.3f ms, max %.3f ms", st.steps(), st.durationAvgMillis(),
                st.durationMinMillis(), st.durationMaxMillis())));
        return out.toString();
    }

    /**
     * {@code copas:tasks}: one line per live task, with its state.
     *
     * @return the text
     */
    @Descriptor(TASKS)
    public String tasks() {
        Scheduler scheduler = this.scheduler;
        if (scheduler == null) {
            return SchedulerAbsence.describe(context);
        }
        List<Task> tasks = scheduler.tasks();
        StringBuilder out = new StringBuilder().append(tasks.size()).append(" task(s)");
        for (Task task : tasks) {
            out.append("\n  ").append(String.format("%-10s", task.state())).append(' ').append(task.name());
            if (task.socket() != null) {
                out.append("  [socket ").append(task.socket().name()).append(']');
            }
        }
        return out.toString();
    }

    /**
     * {@code copas:clients}: each protocol client bundle with its state, revision and schemes.
     *
     * @return the text
     */
    @Descriptor(CLIENTS)
    public String clients() {
        Scheduler scheduler = this.scheduler;
        if (scheduler == null) {
            return SchedulerAbsence.describe(context);
        }
        if (scheduler instanceof SchedulerImpl impl) {
            return String.join("\n", impl.clients().describe());
        }
        return "the scheduler service is not Copas' own: no client registry to show";
    }
}
