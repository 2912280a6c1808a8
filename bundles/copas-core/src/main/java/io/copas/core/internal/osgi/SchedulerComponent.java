package io.copas.core.internal.osgi;

import io.copas.core.Scheduler;
import io.copas.core.client.ClientProvider;
import io.copas.core.internal.SchedulerImpl;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Publishes a {@link Scheduler} in service mode as a Declarative Services component. It is the
 * scheduler itself (not a wrapper), so {@code Task.scheduler()} and {@code Copas.scheduler()}
 * return the very service object. Its loop starts on activation and shuts down cleanly on
 * deactivation (every task ended, every socket closed, the loop thread gone). A configuration
 * change reactivates it with the new settings. Protocol clients ({@link Scheduler#client}) are the
 * {@link ClientProvider} services of the client bundles, bound without being created.
 */
@Component(service = Scheduler.class, configurationPid = SchedulerComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = SchedulerConfig.class)
public final class SchedulerComponent extends SchedulerImpl {

    /** The configuration PID. */
    public static final String PID = "io.copas.scheduler";

    private static final System.Logger LOG = System.getLogger("io.copas.core");

    private static final String WATCHDOG_PROPERTY = "io.copas.watchdog";

    private final OsgiClientRegistry clientRegistry;

    /**
     * Creates and starts the scheduler.
     *
     * @param config  the configuration
     * @param context the bundle's context (for the states of client bundles in messages)
     */
    @Activate
    public SchedulerComponent(SchedulerConfig config, BundleContext context) {
        super(config.name(), config.engine(), config.detailedStatistics());
        clientRegistry = new OsgiClientRegistry(context);
        useClients(clientRegistry);
        configure(this, config.watchdogMillis(), config.receiveLimit(), context);
        super.start();
        LOG.log(System.Logger.Level.INFO, "Copas scheduler ''{0}'' started (engine {1})", name(), engine());
    }

    /**
     * Applies the settings a scheduler gets after construction: the watchdog from the configuration,
     * else from the framework property {@code io.copas.watchdog} (the distribution sets it), else
     * from the system property as the core reads it; and the receive limit.
     */
    static void configure(SchedulerImpl scheduler, long watchdogMillis, int receiveLimit, BundleContext context) {
        if (watchdogMillis > 0) {
            scheduler.setWatchdog(java.time.Duration.ofMillis(watchdogMillis));
        } else if (context.getProperty(WATCHDOG_PROPERTY) != null) {
            scheduler.setWatchdog(context.getProperty(WATCHDOG_PROPERTY));
        }
        scheduler.setReceiveLimit(receiveLimit);
    }

    /**
     * A client bundle's provider appeared; it is not created until a task asks for its scheme.
     *
     * @param provider   the provider's service objects
     * @param properties its service properties
     */
    @Reference(service = ClientProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindClientProvider(ComponentServiceObjects<ClientProvider> provider, Map<String, Object> properties) {
        clientRegistry.bind(provider, properties);
    }

    /**
     * A client bundle's provider went away (stopped, updated, uninstalled): forget it.
     *
     * @param provider the provider's service objects
     */
    void unbindClientProvider(ComponentServiceObjects<ClientProvider> provider) {
        clientRegistry.unbind(provider);
    }

    /** Shuts the scheduler down. */
    @Deactivate
    void deactivate() {
        super.close();
        clientRegistry.releaseAll();
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
