package io.copas.itests.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.client.ClientUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Hot swap of io.copas.http under load (issue 12): while 20 tasks of the scheduler service send
 * requests in a loop to a local server, the bundle is updated to a build with another
 * Bundle-Version and refreshed. The scheduler keeps running, no request hangs (each ends, with a
 * response or a clear error), later requests go through the new revision, and the old revision's
 * class loader is collected. Then uninstall (clear "install the bundle" errors) and reinstall
 * (served again). This bundle imports no client package: it reaches the client only through
 * {@link Scheduler#client} and reflection, so refreshing io.copas.http does not refresh it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the refresh test wants the bundles as installed
class HotSwapOsgiTest {

    private static final int TASKS = 20;
    private static final Version SWAPPED = new Version(0, 1, 1, "hotswap");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger failures = new AtomicInteger();
    private final CountDownLatch servedByOriginal = new CountDownLatch(200);
    private final CountDownLatch servedBySwapped = new CountDownLatch(200);
    private volatile WeakReference<ClassLoader> originalLoader = new WeakReference<>(null);
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    @Test
    @Order(2)
    void updateUnderLoadThenUninstallAndReinstall() throws Exception {
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        String url = "http://127.0.0.1:" + ((InetSocketAddress) channel.getLocalAddress()).getPort() + "/";
        Server server = scheduler.addServer(channel, socket -> {
            while (true) { // keep-alive: one response per request head until the client closes
                while (!socket.receiveLine().isEmpty()) {
                    // the request head
                }
                socket.send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
        }, Duration.ofSeconds(30), "hotswap-server");
        Bundle http = bundle("io.copas.http");
        ReferenceQueue<ClassLoader> gone = new ReferenceQueue<>();
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(http.adapt(BundleWiring.class).getClassLoader(), gone);
        originalLoader = oldLoader;
        try {
            List<CompletableFuture<Void>> requesters = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                requesters.add(scheduler.submit(() -> {
                    requestUntilStopped(url);
                    return null;
                }));
            }
            assertTrue(servedByOriginal.await(60, TimeUnit.SECONDS), () -> "before the swap; errors: " + errors);

            byte[] swapped = withVersion(http, SWAPPED);
            http.update(new java.io.ByteArrayInputStream(swapped));
            refresh(http);
            assertEquals(SWAPPED, http.getVersion());
            assertTrue(servedBySwapped.await(60, TimeUnit.SECONDS), () -> "after the swap; errors: " + errors);
            assertTrue(scheduler.running(), "the scheduler kept running");

            stop.set(true);
            for (CompletableFuture<Void> requester : requesters) {
                requester.get(60, TimeUnit.SECONDS); // none hangs: each request ends within its timeout
            }
            assertTrue(errors.stream().allMatch(HotSwapOsgiTest::clearError), () -> "unclear errors: " + errors);
            assertTrue(collected(oldLoader, gone), "the old revision's class loader was not collected");
            assertTrue(context.getBundle(0).adapt(FrameworkWiring.class).getRemovalPendingBundles().isEmpty());

            http.uninstall();
            refresh(null);
            ClientUnavailableException absent = scheduler.submit(() -> {
                try {
                    Copas.scheduler().client("http", Object.class);
                    return null;
                } catch (ClientUnavailableException e) {
                    return e;
                }
            }).get(30, TimeUnit.SECONDS);
            assertTrue(absent != null && absent.getMessage().contains("install the bundle io.copas.http"),
                    String.valueOf(absent));

            Bundle again = context.installBundle("hotswap:io.copas.http", new java.io.ByteArrayInputStream(swapped));
            again.start(Bundle.START_ACTIVATION_POLICY);
            stop.set(false);
            scheduler.submit(() -> {
                assertEquals(200, send(Copas.scheduler().client("http", Object.class, Duration.ofSeconds(10)), url));
                return null;
            }).get(60, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            scheduler.removeServer(server, false);
        }
    }

    @Test
    @Order(1)
    void aClientBundleNotYetUsedIsStartedAgainAfterARefreshOfWhatItImports() throws Exception {
        Bundle http = bundle("io.copas.http");
        http.stop();
        http.start(Bundle.START_ACTIVATION_POLICY); // as a launcher starts it: not yet used
        // refreshing io.copas.tls refreshes io.copas.http, which imports it; Felix starts again only
        // bundles that were ACTIVE, so a lazy bundle still STARTING stayed stopped and its scheme was gone
        refresh(bundle("io.copas.tls"));
        assertEquals(Bundle.ACTIVE, http.getState(), "io.copas.http after the refresh");
        Object client = scheduler.submit(() -> Copas.scheduler().client("http", Object.class, Duration.ofSeconds(10)))
                .get(60, TimeUnit.SECONDS);
        assertTrue(client != null, "the http client is found again");
    }

    /** One task: requests until told to stop, counting each response by the revision that served it. */
    private void requestUntilStopped(String url) {
        while (!stop.get()) {
            try {
                Object client = Copas.scheduler().client("http", Object.class, Duration.ofSeconds(10));
                boolean original = client.getClass().getClassLoader() == originalLoader.get();
                if (send(client, url) == 200) {
                    (original ? servedByOriginal : servedBySwapped).countDown();
                }
            } catch (Exception e) {
                failures.incrementAndGet();
                errors.add(describe(e));
                Copas.pause(Duration.ofMillis(10)); // the bundle is being swapped: try again soon
            }
        }
    }

    /** Sends a GET through the client's own API, by reflection (no import of io.copas.http). */
    private static int send(Object client, String url) throws Exception {
        Method builderOf;
        Method send;
        try {
            ClassLoader loader = client.getClass().getClassLoader();
            Class<?> requestType = loader.loadClass("io.copas.http.HttpRequest");
            builderOf = requestType.getMethod("builder", String.class);
            send = client.getClass().getMethod("send", requestType);
        } catch (ClassNotFoundException | LinkageError e) {
            // this harness reflects on a revision that a refresh has just taken away (code compiled
            // against the API would have been refreshed with it): the client is gone, ask again
            throw new ClientGoneException(e);
        }
        try {
            Object builder = builderOf.invoke(null, url);
            Object request = builder.getClass().getMethod("build").invoke(builder);
            Object response = send.invoke(client, request);
            return (int) response.getClass().getMethod("statusCode").invoke(response);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // e.g. NoClassDefFoundError inside the client: an in-flight request broken by the swap
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The harness found the client's revision gone before it could send. */
    private static final class ClientGoneException extends Exception {
        private static final long serialVersionUID = 1L;

        ClientGoneException(Throwable cause) {
            super("client revision gone before the request: " + cause, cause);
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof InvocationTargetException reflected && reflected.getCause() != null
                ? reflected.getCause() : e;
        return cause.getClass().getName() + ": " + cause.getMessage();
    }

    /** An error a caller can act on: the client is away for a moment, or its connection was closed. */
    private static boolean clearError(String error) {
        return error.startsWith(ClientUnavailableException.class.getName())
                || error.startsWith("java.lang.IllegalStateException: this HTTP client was shut down")
                || error.startsWith(ClientGoneException.class.getName())
                || error.startsWith("io.copas.core.Transfer");
    }

    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundle == null ? null : List.of(bundle),
                event -> {
                    if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                        refreshed.countDown();
                    }
                });
        assertTrue(refreshed.await(60, TimeUnit.SECONDS), "refresh did not finish");
    }

    /** Runs GC a bounded number of times until {@code loader} is cleared (enqueued). */
    private static boolean collected(WeakReference<ClassLoader> loader, ReferenceQueue<ClassLoader> gone)
            throws InterruptedException {
        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            if (gone.remove(200) != null) {
                break;
            }
        }
        return loader.get() == null;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " not installed");
    }

    /** The bundle's own entries, as a jar whose manifest says {@code version}. */
    private static byte[] withVersion(Bundle bundle, Version version) throws IOException {
        Manifest manifest = new Manifest(bundle.getEntry("META-INF/MANIFEST.MF").openStream());
        manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
            Enumeration<URL> entries = bundle.findEntries("/", "*", true);
            while (entries != null && entries.hasMoreElements()) {
                URL entry = entries.nextElement();
                String path = entry.getPath().substring(1);
                if (path.equals("META-INF/MANIFEST.MF") || path.endsWith("/")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(path));
                try (InputStream in = entry.openStream()) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
