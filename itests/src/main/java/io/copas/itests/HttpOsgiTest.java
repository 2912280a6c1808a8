package io.copas.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.http.Http;
import io.copas.http.HttpResponse;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * the same scheduler, the optional TLS import, and the {@code copas:get} Gogo command.
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
}
