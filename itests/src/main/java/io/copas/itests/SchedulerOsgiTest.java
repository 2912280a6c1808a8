package io.copas.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The core bundle in a real Felix with SCR: the scheduler service is there and works. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchedulerOsgiTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    @InjectService(timeout = 10_000)
    MetaTypeService metaType;

    @Test
    void coreBundleIsActive() {
        Bundle core = OsgiTesting.bundle(context, "io.copas.core");
        assertEquals(Bundle.ACTIVE, core.getState(), "bundle io.copas.core is not ACTIVE");
    }

    @Test
    void schedulerServiceIsRegisteredAndRunning() {
        ServiceReference<Scheduler> ref = context.getServiceReference(Scheduler.class);
        assertNotNull(ref);
        assertEquals("io.copas.core", ref.getBundle().getSymbolicName());
        assertEquals("copas", scheduler.name(), "default name from the component's configuration");
        assertTrue(scheduler.running(), "the service runs its loop");
    }

    @Test
    void echoRoundTripThroughTheService() throws Exception {
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Server echo = scheduler.addServer(channel, socket -> socket.send(socket.receiveLine() + "\n"),
                Duration.ofSeconds(10), "itest-echo");
        try {
            String reply = scheduler.submit(() -> {
                try (TcpSocket client = scheduler.tcp()) {
                    client.setTimeout(Duration.ofSeconds(10));
                    client.connect(echo.localAddress());
                    client.send("ping over osgi\n");
                    return client.receiveLine();
                }
            }).get(30, TimeUnit.SECONDS);
            assertEquals("ping over osgi", reply);
        } finally {
            scheduler.removeServer(echo, false);
        }
    }

    @Test
    void gogoCommandsAreRegistered() throws Exception {
        // the core's commands (io.copas.http registers copas:get as a service of its own)
        ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=copas)(osgi.command.function=status))");
        assertNotNull(refs, "no service with osgi.command.scope=copas");
        Object functions = refs[0].getProperty("osgi.command.function");
        assertTrue(functions instanceof String[], "osgi.command.function should be a String[]");
        assertTrue(Arrays.asList((String[]) functions).containsAll(Arrays.asList("status", "tasks")));
        Object commands = context.getService(refs[0]);
        try {
            String status = (String) commands.getClass().getMethod("status").invoke(commands);
            assertTrue(status.contains("scheduler copas"), status);
        } finally {
            context.ungetService(refs[0]);
        }
    }

    @Test
    void metatypeDescribesTheConfiguration() {
        Bundle core = OsgiTesting.bundle(context, "io.copas.core");
        MetaTypeInformation info = metaType.getMetaTypeInformation(core);
        assertTrue(Arrays.asList(info.getPids()).contains(OsgiTesting.PID), "no metatype for " + OsgiTesting.PID);
        ObjectClassDefinition ocd = info.getObjectClassDefinition(OsgiTesting.PID, null);
        Set<String> ids = Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL))
                .map(a -> a.getID()).collect(Collectors.toSet());
        assertTrue(ids.containsAll(Set.of("name", "engine", "detailedStatistics")), ids::toString);
    }
}
