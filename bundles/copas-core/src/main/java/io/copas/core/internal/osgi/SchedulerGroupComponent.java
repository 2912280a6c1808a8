package io.copas.core.internal.osgi;

import io.copas.core.SchedulerGroup;
import io.copas.core.client.ClientProvider;
import io.copas.core.internal.SchedulerGroupImpl;
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
 * Publishes a {@link SchedulerGroup} for each configuration of the factory PID
 * {@code io.copas.schedulergroup}; without a configuration there is none, so the scheduler
 * service of {@link SchedulerComponent} stays the only loop by default. The members start on
 * activation and shut down on deactivation (every task ended, every socket closed, every loop
 * thread gone); a configuration change reactivates it. The members find protocol clients as the
 * scheduler service does.
 */
@Component(service = SchedulerGroup.class, configurationPid = SchedulerGroupComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = SchedulerGroupConfig.class, factory = true)
public final class SchedulerGroupComponent extends SchedulerGroupImpl {

    /** The factory PID of the configurations. */
    public static final String PID = "io.copas.schedulergroup";

    private static final System.Logger LOG = System.getLogger("io.copas.core");

    private final OsgiClientRegistry clientRegistry;

    /**
     * Creates the group and starts its members.
     *
     * @param config  the configuration
     * @param context the bundle's context (client lookup, the framework property of the watchdog)
     */
    @Activate
    public SchedulerGroupComponent(SchedulerGroupConfig config, BundleContext context) {
        this(config, context, new OsgiClientRegistry(context));
    }

    private SchedulerGroupComponent(SchedulerGroupConfig config, BundleContext context, OsgiClientRegistry clients) {
        super(new Settings(config.name(), config.size() == 0 ? Runtime.getRuntime().availableProcessors() : config.size(),
                config.engine(), config.detailedStatistics(), config.reusePort()), clients,
                member -> SchedulerComponent.configure(member, config.watchdogMillis(), config.receiveLimit(), context));
        this.clientRegistry = clients;
        LOG.log(System.Logger.Level.INFO, "Copas scheduler group ''{0}'' started: {1} loops, engine {2}, {3}", name(),
                size(), engine(), reusePort() ? "servers on SO_REUSEPORT" : "one acceptor per server");
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
     * A client bundle's provider went away: forget it.
     *
     * @param provider the provider's service objects
     */
    void unbindClientProvider(ComponentServiceObjects<ClientProvider> provider) {
        clientRegistry.unbind(provider);
    }

    /** Shuts every member down. */
    @Deactivate
    void deactivate() {
        super.close();
        clientRegistry.releaseAll();
        LOG.log(System.Logger.Level.INFO, "Copas scheduler group ''{0}'' stopped", name());
    }

    /**
     * Life-cycle belongs to the component: users of the service cannot close it.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void close() {
        throw new UnsupportedOperationException("the scheduler group service is closed by its component, not by users");
    }
}
