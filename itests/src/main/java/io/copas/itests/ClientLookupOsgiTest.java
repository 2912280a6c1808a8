package io.copas.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.client.ClientUnavailableException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Protocol clients found by scheme through the Scheduler service (issue 12): nothing of a client is
 * created before its first use, and a stopped client fails clearly, naming its bundle and state.
 * This class deliberately imports no client package, so that it does not wire to or load one.
 */
@Order(1) // before the tests that use the clients directly (junit-platform.properties orders classes)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientLookupOsgiTest {

    private static final String[][] CLIENTS = {
        {"io.copas.http", "io.copas.http.internal.HttpClientProvider", "http", "io.copas.http.HttpClient",
            "io.copas.http.HttpClient,io.copas.http.internal.ClientImpl,io.copas.http.internal.ConnectionPool"},
        {"io.copas.smtp", "io.copas.smtp.internal.SmtpClientProvider", "smtp", "io.copas.smtp.SmtpClient",
            "io.copas.smtp.Smtp,io.copas.smtp.internal.Session"},
        {"io.copas.ftp", "io.copas.ftp.internal.FtpClientProvider", "ftp", "io.copas.ftp.FtpClient",
            "io.copas.ftp.Ftp,io.copas.ftp.internal.FtpSession"},
    };

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    /** The class if {@code loader} has loaded it already; never loads it. */
    private static Class<?> loaded(ClassLoader loader, String name) throws ReflectiveOperationException {
        Method findLoadedClass = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
        findLoadedClass.setAccessible(true); // java.lang is opened to the framework's classes (itests.bndrun)
        return (Class<?>) findLoadedClass.invoke(loader, name);
    }

    private int state(String bundleName, String component) {
        Bundle bundle = OsgiTesting.bundle(context, bundleName);
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, component);
        assertTrue(description != null, "no component " + component + " in " + bundleName);
        return scr.getComponentConfigurationDTOs(description).stream()
                .mapToInt(configuration -> configuration.state).max().orElse(0);
    }

    @Test
    @Order(1)
    void eachClientIsSatisfiedButNotCreatedUntilItsFirstUse() throws Exception {
        for (String[] client : CLIENTS) {
            Bundle bundle = OsgiTesting.bundle(context, client[0]);
            assertEquals(ComponentConfigurationDTO.SATISFIED, state(client[0], client[1]),
                    client[1] + " is registered but not created");
            ClassLoader loader = bundle.adapt(BundleWiring.class).getClassLoader();
            for (String notYet : client[4].split(",")) {
                assertNull(loaded(loader, notYet), notYet + " must not be loaded before the first use");
            }
            Object found = scheduler.submit(() -> Copas.scheduler().client(client[2], Object.class))
                    .get(30, TimeUnit.SECONDS);
            assertTrue(loader.loadClass(client[3]).isInstance(found), found + " is a " + client[3]);
            assertEquals(ComponentConfigurationDTO.ACTIVE, state(client[0], client[1]), "created by the first use");
            assertNotNull(loaded(loader, client[4].split(",")[0]), "the client was loaded by the first use");
        }
    }

    @Test
    @Order(2)
    void stoppedClientFailsAtOnceNamingItsBundleAndStateAndIsServedAgainWhenStarted() throws Exception {
        Bundle http = OsgiTesting.bundle(context, "io.copas.http");
        http.stop();
        try {
            ClientUnavailableException e = assertThrows(ClientUnavailableException.class,
                    () -> scheduler.client("http", Object.class));
            assertTrue(e.getMessage().contains("io.copas.http") && e.getMessage().contains("RESOLVED"), e.getMessage());
        } finally {
            http.start(Bundle.START_ACTIVATION_POLICY);
        }
        Object again = scheduler.submit(() -> Copas.scheduler().client("http", Object.class, Duration.ofSeconds(10)))
                .get(30, TimeUnit.SECONDS);
        assertEquals("io.copas.http.HttpClient", again.getClass().getName());
    }

    @Test
    @Order(3)
    void unknownSchemeFailsThroughTheFutureOfATask() {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> scheduler.submit(() -> Copas.scheduler().client("gopher", Object.class)).get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ClientUnavailableException, String.valueOf(e.getCause()));
    }

    @Test
    @Order(4)
    void gogoClientsListsEachClientBundleWithItsState() throws Exception {
        var refs = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=copas)(osgi.command.function=clients))");
        assertTrue(refs != null && refs.length == 1, "copas:clients is registered");
        Object command = context.getService(refs[0]);
        try {
            String out = (String) command.getClass().getMethod("clients").invoke(command);
            assertTrue(out.contains("io.copas.http: ACTIVE") && out.contains("schemes [http"), out);
            assertTrue(out.contains("io.copas.smtp: ACTIVE") && out.contains("schemes [smtp"), out);
            assertTrue(out.contains("io.copas.ftp: ACTIVE") && out.contains("schemes [ftp"), out);
        } finally {
            context.ungetService(refs[0]);
        }
    }
}
