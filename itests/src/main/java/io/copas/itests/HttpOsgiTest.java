package io.copas.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.http.Http;
import io.copas.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * io.copas.http in Felix: a request from a task of the scheduler service to a Copas HTTP server on
 * the same scheduler, the optional TLS import (wired, and left unwired), and the {@code copas:get}
 * Gogo command.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpOsgiTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    private Server server;
    private int port;

    @BeforeEach
    void serve() throws Exception {
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        server = scheduler.addServer(channel, socket -> {
            while (!socket.receiveLine().isEmpty()) {
                // the request head: nothing in it matters here
            }
            socket.send("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nX-Served-By: copas\r\nConnection: close\r\n\r\nfrom osgi");
        }, Duration.ofSeconds(10), "itest-http");
    }

    @AfterEach
    void stop() {
        scheduler.removeServer(server, false);
    }

    @Test
    void requestFromATaskOfTheSchedulerService() throws Exception {
        HttpResponse r = scheduler.submit(() -> Http.request("http://127.0.0.1:" + port + "/")).get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("from osgi", r.bodyText());
        assertEquals("copas", r.headers().value("x-served-by"));
    }

    @Test
    void tlsIsAnOptionalImportWiredWhenPresent() {
        Bundle http = OsgiTesting.bundle(context, "io.copas.http");
        boolean optional = http.adapt(BundleRevision.class).getDeclaredRequirements("osgi.wiring.package").stream()
                .anyMatch(r -> r.getDirectives().getOrDefault("filter", "").contains("(osgi.wiring.package=io.copas.tls)")
                        && "optional".equals(r.getDirectives().get("resolution")));
        assertTrue(optional, "io.copas.tls is imported with resolution:=optional");
        boolean wired = http.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                .anyMatch(w -> "io.copas.tls".equals(w.getCapability().getAttributes().get("osgi.wiring.package")));
        assertTrue(wired, "io.copas.tls is installed, so the optional import is wired");
    }

    @Test
    void gogoGetPrintsStatusAndHeaders() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=copas)(osgi.command.function=get))");
        assertNotNull(refs, "no copas:get command");
        Object command = context.getService(refs[0]);
        try {
            String out = (String) command.getClass().getMethod("get", String.class)
                    .invoke(command, "http://127.0.0.1:" + port + "/x");
            assertTrue(out.startsWith("HTTP/1.1 200 OK\nContent-Length: 9\nX-Served-By: copas"), out);
            assertTrue(out.contains("(9 body bytes"), out);
        } finally {
            context.ungetService(refs[0]);
        }
    }

    /**
     * The optional import left unwired, in the framework: a copy of the http bundle whose TLS
     * import cannot be satisfied (an impossible version range) resolves and serves plain http; its
     * https request fails naming the missing bundle. The copy has its own symbolic name and no
     * components, so it disturbs nothing else.
     */
    @Test
    void withoutTlsWiredPlainHttpWorksAndHttpsNamesTheMissingBundle() throws Exception {
        Bundle original = OsgiTesting.bundle(context, "io.copas.http");
        Bundle copy = context.installBundle("itest:io.copas.http.notls", withoutTls(original));
        try {
            copy.start();
            assertTrue(copy.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                    .noneMatch(w -> "io.copas.tls".equals(w.getCapability().getAttributes().get("osgi.wiring.package"))));
            Method request = copy.loadClass("io.copas.http.Http").getMethod("request", String.class);
            Object response = scheduler.submit(() -> request.invoke(null, "http://127.0.0.1:" + port + "/"))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(200, response.getClass().getMethod("statusCode").invoke(response));
            Throwable failure = scheduler.submit(() -> {
                try {
                    request.invoke(null, "https://127.0.0.1:" + port + "/");
                    return null;
                } catch (InvocationTargetException e) {
                    return e.getCause();
                }
            }).get(30, TimeUnit.SECONDS);
            assertNotNull(failure, "https without TLS must fail");
            assertEquals("io.copas.http.HttpException", failure.getClass().getName(), failure::toString);
            assertTrue(failure.getMessage().startsWith("https needs the io.copas.tls bundle"), failure::getMessage);
        } finally {
            copy.uninstall();
        }
    }

    /** The http bundle's entries with a manifest whose TLS import can never be wired. */
    private static InputStream withoutTls(Bundle original) throws Exception {
        Manifest manifest = new Manifest(original.getEntry("META-INF/MANIFEST.MF").openStream());
        Attributes main = manifest.getMainAttributes();
        main.putValue("Bundle-SymbolicName", "io.copas.http.notls");
        // every import as built, but the TLS one with a range nothing satisfies
        StringBuilder imports = new StringBuilder("io.copas.tls;version=\"[99,100)\";resolution:=optional");
        for (String clause : main.getValue("Import-Package").split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            if (!clause.strip().startsWith("io.copas.tls;") && !clause.strip().equals("io.copas.tls")) {
                imports.append(',').append(clause.strip());
            }
        }
        main.putValue("Import-Package", imports.toString());
        main.remove(new Attributes.Name("Service-Component"));
        main.remove(new Attributes.Name("Provide-Capability"));
        main.remove(new Attributes.Name("Require-Capability"));
        main.remove(new Attributes.Name("Bundle-ActivationPolicy"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            Enumeration<URL> entries = original.findEntries("io/copas/http", "*.class", true);
            while (entries.hasMoreElements()) {
                URL entry = entries.nextElement();
                jar.putNextEntry(new JarEntry(entry.getPath().substring(1)));
                try (InputStream in = entry.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
