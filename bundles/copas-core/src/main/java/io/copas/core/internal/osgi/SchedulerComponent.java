package io.copas.core.internal.osgi;

import io.copas.core.Scheduler;
import io.copas.core.internal.SchedulerImpl;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Publishes a {@link Scheduler} in service mode as a Declarative Services component. It is the
 * scheduler itself (not a wrapper), so {@code Task.scheduler()} and {@code Copas.scheduler()}
 * return the very service object. Its loop starts on activation and shuts down cleanly on
 * deactivation (every task ended, every socket closed, the loop thread gone). A configuration
 * change reactivates it with the new settings.
 */
@Component(service = Scheduler.class, configurationPid = SchedulerComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = SchedulerConfig.class)
public final class SchedulerComponent extends SchedulerImpl {

    /** The configuration PID. */
    public static final String PID = "io.copas.scheduler";

    private static final System.Logger LOG = System.getLogger("io.copas.core");

    /**
     * Creates and starts the scheduler.
     *
     * @param config the configuration
     */
    @Activate
    public SchedulerComponent(SchedulerConfig config) {
        super(config.name(), config.engine(), config.detailedStatistics());
        setReceiveLimit(config.receiveLimit());
        super.start();
        LOG.log(System.Logger.Level.INFO, "Copas scheduler ''{0}'' started (engine {1})", name(), engine());
    }

    /** Shuts the scheduler down. */
    @Deactivate
    void deactivate() {
        super.close();
        LOG.log(System.Logger.Level.INFO, "Copas scheduler ''{0}'' stopped", name());
    }

    /**
     * Life-cycle belongs to the component: users of the service cannot close it.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException("the scheduler service is closed by its component, not by users");
    }

    /**
     * The loop already runs as a service.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void start() {
        throw new UnsupportedOperationException("the scheduler service is already running");
    }
}
