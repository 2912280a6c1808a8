package io.copas.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Configuration changes, a disabled component and bundle stop: the scheduler restarts or ends
 * cleanly, and the shell commands say why it is missing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchedulerLifecycleOsgiTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @Test
    void configurationChangeRestartsTheSchedulerWithTheNewSettings() throws Exception {
        Scheduler before = current();
        Configuration config = configAdmin.getConfiguration(OsgiTesting.PID, "?");
        try {
            String filter = "(&(" + Constants.OBJECTCLASS + "=" + Scheduler.class.getName() + ")(name=renamed))";
            assertTrue(OsgiTesting.awaitRegistration(context, filter, () -> {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put("name", "renamed");
                props.put("detailedStatistics", true);
                config.update(props);
            }), "no scheduler service with name=renamed");
            Scheduler after = current();
            assertEquals("renamed", after.name());
            assertFalse(before.running(), "the old scheduler was shut down");
            assertTrue(after.running());
            after.submit(() -> Copas.pause(Duration.ofMillis(1))).get(10, TimeUnit.SECONDS);
            assertTrue(after.status().statistics().isPresent(), "detailed statistics were switched on");
        } finally {
            String filter = "(&(" + Constants.OBJECTCLASS + "=" + Scheduler.class.getName() + ")(name=copas))";
            OsgiTesting.awaitRegistration(context, filter, config::delete);
        }
    }

    @Test
    void stoppingTheCoreBundleEndsTasksClosesSocketsAndEndsTheLoopThread() throws Exception {
        Bundle core = OsgiTesting.bundle(context, "io.copas.core");
        Scheduler scheduler = current();
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        CompletableFuture<Thread> loopThread = new CompletableFuture<>();
        CompletableFuture<Boolean> handlerUnwound = new CompletableFuture<>();
        scheduler.addServer(channel, socket -> {
            Copas.timeout(Duration.ofMillis(1), task -> loopThread.complete(Thread.currentThread()));
            try {
                socket.receiveLine(); // blocks until the scheduler shuts down
            } finally {
                handlerUnwound.complete(true);
            }
        }, null, "lifecycle");
        try (Socket client = new Socket()) {
            client.connect(channel.getLocalAddress(), 10_000);
            client.setSoTimeout(30_000);
            Thread loop = loopThread.get(30, TimeUnit.SECONDS);
            assertTrue(loop.isAlive());

            core.stop();

            assertTrue(handlerUnwound.get(30, TimeUnit.SECONDS), "the handler task was unwound");
            InputStream in = client.getInputStream();
            assertEquals(-1, in.read(), "the accepted socket was closed");
            assertTrue(loop.join(Duration.ofSeconds(30)), "the loop thread ended");
            assertFalse(channel.isOpen(), "the server channel was closed");
            assertFalse(scheduler.running());
        } finally {
            String filter = "(" + Constants.OBJECTCLASS + "=" + Scheduler.class.getName() + ")";
            OsgiTesting.awaitRegistration(context, filter, core::start);
        }
    }

    @Test
    void shellCommandsSayWhyTheSchedulerIsMissingAndServeItAgainWhenItIsBack() throws Exception {
        Bundle core = OsgiTesting.bundle(context, "io.copas.core");
        ComponentDescriptionDTO description =
                scr.getComponentDescriptionDTO(core, "io.copas.core.internal.osgi.SchedulerComponent");
        assertNotNull(description, "no scheduler component");
        ServiceReference<?> statusRef = command("status");
        ServiceReference<?> getRef = command("get");
        Object commands = context.getService(statusRef);
        Object get = context.getService(getRef);
        String schedulers = "(" + Constants.OBJECTCLASS + "=" + Scheduler.class.getName() + ")";
        try {
            assertTrue(OsgiTesting.awaitUnregistration(context, schedulers,
                    () -> scr.disableComponent(description).getValue()), "the scheduler service went");
            for (String function : new String[] {"status", "tasks", "clients"}) {
                String out = (String) commands.getClass().getMethod(function).invoke(commands);
                assertTrue(out.startsWith("no scheduler service: the scheduler component") && out.contains("disabled"),
                        function + ": " + out);
            }
            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> get.getClass().getMethod("get", String.class).invoke(get, "http://127.0.0.1:1/"));
            assertTrue(e.getCause() instanceof IllegalStateException
                    && e.getCause().getMessage().startsWith("no scheduler service"), String.valueOf(e.getCause()));
        } finally {
            // the promise is resolved once the component is enabled and its service registered and bound
            OsgiTesting.awaitRegistration(context, schedulers, () -> scr.enableComponent(description).getValue());
        }
        try {
            String out = (String) commands.getClass().getMethod("status").invoke(commands);
            assertTrue(out.startsWith("scheduler copas"), "the same commands serve the new scheduler: " + out);
        } finally {
            context.ungetService(statusRef);
            context.ungetService(getRef);
        }
    }

    private ServiceReference<?> command(String function) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=copas)(osgi.command.function=" + function + "))");
        assertTrue(refs != null && refs.length == 1, "one copas:" + function + " command");
        return refs[0];
    }

    private Scheduler current() {
        ServiceReference<Scheduler> ref = context.getServiceReference(Scheduler.class);
        assertNotNull(ref, "no scheduler service");
        return context.getService(ref);
    }
}
