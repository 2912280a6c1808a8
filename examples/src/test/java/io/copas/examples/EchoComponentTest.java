package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.copas.core.Scheduler;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The component's life cycle as DS drives it, on a scheduler in service mode (the service's mode). */
@Timeout(60)
class EchoComponentTest {

    @Test
    void servesWhileActiveAndStopsOnDeactivation() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.start();
            EchoComponent component = new EchoComponent(scheduler);
            assertEquals("over osgi", scheduler.submit(() -> EchoClient.echo(component.address(), "over osgi")).get());
            component.stop();
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> scheduler.submit(() -> EchoClient.echo(component.address(), "anyone?")).get());
            assertInstanceOf(ConnectException.class, refused.getCause());
        }
    }
}
