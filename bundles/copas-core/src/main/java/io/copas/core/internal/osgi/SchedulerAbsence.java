package io.copas.core.internal.osgi;

import java.util.Collection;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Says why there is no scheduler service, for the shell commands: the scheduler component's
 * state as Declarative Services reports it (disabled, waiting for a configuration, failed to
 * activate, with the reason) and what the user can do about it. A bad {@code io.copas.scheduler}
 * configuration, such as an unknown engine, is the usual cause.
 */
final class SchedulerAbsence {

    /** How every description starts. */
    static final String PREFIX = "no scheduler service: ";

    private static final String COMPONENT = SchedulerComponent.class.getName();

    private static final String CAUSED_BY = "Caused by:";

    private SchedulerAbsence() {
    }

    /**
     * Describes the scheduler component of {@code context}'s bundle as SCR sees it now.
     *
     * @param context the core bundle's context
     * @return one line, starting with "no scheduler service"
     */
    static String describe(BundleContext context) {
        ServiceReference<ServiceComponentRuntime> ref = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = ref == null ? null : context.getService(ref);
        if (scr == null) {
            return PREFIX + "Declarative Services (SCR) is not running";
        }
        try {
            Bundle bundle = context.getBundle();
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, COMPONENT);
            boolean enabled = description != null && scr.isComponentEnabled(description);
            return describe(enabled ? description : null, description != null,
                    enabled ? scr.getComponentConfigurationDTOs(description) : List.of());
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * Describes the scheduler component from its runtime DTOs.
     *
     * @param enabledDescription the component's description if it is enabled, else null
     * @param known              whether SCR knows the component at all
     * @param configurations     its configurations (empty when it is disabled)
     * @return one line, starting with "no scheduler service"
     */
    static String describe(ComponentDescriptionDTO enabledDescription, boolean known,
            Collection<ComponentConfigurationDTO> configurations) {
        String pid = SchedulerComponent.PID;
        String component = "the scheduler component " + COMPONENT;
        if (!known) {
            return PREFIX + "Declarative Services does not know " + component + " (yet): scr:list shows what it has";
        }
        if (enabledDescription == null) {
            return PREFIX + component + " is disabled (scr:enable " + COMPONENT + ")";
        }
        for (ComponentConfigurationDTO configuration : configurations) {
            if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                return PREFIX + component + " failed to start: " + reason(configuration.failure)
                        + " (correct the configuration " + pid + ", for example with config:edit " + pid + ")";
            }
        }
        if (configurations.isEmpty()) {
            return PREFIX + component + " has no configuration yet (scr:info " + COMPONENT + ")";
        }
        return PREFIX + component + " is " + stateName(configurations.iterator().next().state)
                + " (scr:info " + COMPONENT + ")";
    }

    /**
     * The line of SCR's failure text that says why: SCR gives the whole stack trace, whose first
     * line is the reflection wrapper (InvocationTargetException) when the constructor failed, so
     * the last "Caused by:" line, the root cause, is taken when there is one.
     */
    private static String reason(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given";
        }
        String reason = failure.lines().findFirst().orElse("").strip();
        for (String line : (Iterable<String>) failure.lines()::iterator) {
            String stripped = line.strip();
            if (stripped.startsWith(CAUSED_BY)) {
                reason = stripped.substring(CAUSED_BY.length()).strip();
            }
        }
        return reason;
    }

    private static String stateName(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "waiting for its configuration";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "waiting for a service it needs";
            case ComponentConfigurationDTO.SATISFIED -> "satisfied but not yet started";
            case ComponentConfigurationDTO.ACTIVE -> "active, its service going or coming";
            default -> "in state " + state;
        };
    }
}
