package io.copas.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * What the shell commands say when there is no scheduler service, from the scheduler component's
 * runtime state as SCR reports it (the DTOs are SCR's plain data objects, filled in here).
 */
class SchedulerAbsenceTest {

    private static ComponentConfigurationDTO configuration(int state, String failure) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        configuration.failure = failure;
        return configuration;
    }

    @Test
    void aBadConfigurationIsNamedWithTheFirstLineOfTheFailureAndTheWayToCorrectIt() {
        // as Felix SCR gives it: the constructor failed, so the reflection wrapper comes first
        String failure = "java.lang.reflect.InvocationTargetException\n"
                + "\tat java.base/jdk.internal.reflect.DirectConstructorHandleAccessor.newInstance(Unknown Source)\n"
                + "Caused by: java.lang.IllegalArgumentException: engine must be 'auto', 'default', 'carrier' or"
                + " 'continuation', was 'turbo'\n\tat io.copas.core.internal.Engines.create(Engines.java:50)\n";
        String text = SchedulerAbsence.describe(new ComponentDescriptionDTO(), true,
                List.of(configuration(ComponentConfigurationDTO.FAILED_ACTIVATION, failure)));
        assertTrue(text.startsWith(SchedulerAbsence.PREFIX), text);
        assertTrue(text.contains("failed to start: java.lang.IllegalArgumentException: engine must be"), text);
        assertTrue(text.contains("was 'turbo'") && text.contains("config:edit io.copas.scheduler"), text);
        assertFalse(text.contains("Engines.java") || text.contains("InvocationTargetException"),
                "only the root cause's line of the stack trace: " + text);
        assertEquals(1, text.lines().count(), text);
    }

    @Test
    void aDisabledComponentIsNamedWithTheCommandThatEnablesIt() {
        String text = SchedulerAbsence.describe(null, true, List.of());
        assertTrue(text.contains("is disabled (scr:enable io.copas.core.internal.osgi.SchedulerComponent)"), text);
    }

    @Test
    void aFailureWithoutCauseIsNamedByItsFirstLine() {
        String text = SchedulerAbsence.describe(new ComponentDescriptionDTO(), true,
                List.of(configuration(ComponentConfigurationDTO.FAILED_ACTIVATION,
                        "java.lang.IllegalStateException: no\n\tat x.y(Z.java:1)\n")));
        assertTrue(text.contains("failed to start: java.lang.IllegalStateException: no ("), text);
    }

    @Test
    void aComponentScrDoesNotKnowIsNotCalledDisabled() {
        String text = SchedulerAbsence.describe(null, false, List.of());
        assertTrue(text.contains("does not know") && !text.contains("disabled"), text);
    }

    @Test
    void aFailureWithoutTextStillSaysTheComponentFailed() {
        String text = SchedulerAbsence.describe(new ComponentDescriptionDTO(), true,
                List.of(configuration(ComponentConfigurationDTO.FAILED_ACTIVATION, null)));
        assertTrue(text.contains("failed to start: no reason given"), text);
    }

    @Test
    void anotherStateIsNamedInWords() {
        String text = SchedulerAbsence.describe(new ComponentDescriptionDTO(), true,
                List.of(configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, null)));
        assertTrue(text.contains("waiting for a service it needs"), text);
    }
}
