package io.copas.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * io.copas.http without io.copas.tls: the http classes are loaded again by a class loader that
 * cannot see the TLS module (as in a framework where the optional import stays unwired). Plain
 * http works; https fails naming the missing bundle and module.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsAbsentTest {

    /** Defines io.copas.http classes itself from the build output; hides io.copas.tls; the rest from the test's loader. */
    static final class WithoutTls extends ClassLoader {
        private final Path classes;

        WithoutTls(Path classes) {
            super("without-tls", TlsAbsentTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.copas.tls.")) {
                throw new ClassNotFoundException(name + " (io.copas.tls is absent here)");
            }
            if (!name.startsWith("io.copas.http.")) {
                return super.loadClass(name, resolve);
            }
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try (InputStream in = Files.newInputStream(classes.resolve(name.replace('.', '/') + ".class"))) {
                    byte[] bytes = in.readAllBytes();
                    c = defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
            return c;
        }
    }

    @Test
    void plainHttpWorksAndHttpsNamesTheMissingBundle() throws Exception {
        Path classes = Path.of(Http.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader loader = new WithoutTls(classes);
        Class<?> http = loader.loadClass("io.copas.http.Http");
        assertTrue(http != Http.class && http.getClassLoader() == loader);
        Method request = http.getMethod("request", String.class);
        try (JdkServer server = JdkServer.plain()) {
            Object response = Loops.run(() -> request.invoke(null, server.url("/hello")));
            assertEquals(200, response.getClass().getMethod("statusCode").invoke(response));
        }
        Exception e = Loops.failure(() -> request.invoke(null, "https://127.0.0.1:9/"));
        Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
        assertEquals("io.copas.http.HttpException", cause.getClass().getName(), cause::toString);
        assertTrue(cause.getMessage().startsWith("https needs the io.copas.tls bundle (JPMS module io.copas.tls)"),
                cause::getMessage);
    }

    @Test
    void withTlsPresentTheCheckPasses() {
        assertThrows(IOException.class, () -> Loops.run(() -> Http.request(HttpRequest.builder("https://127.0.0.1:1/")
                .timeout(java.time.Duration.ofSeconds(5)).build())), "fails to connect, not for lack of TLS");
        Exception e = Loops.failure(() -> Http.request("https://127.0.0.1:1/"));
        assertTrue(!e.getMessage().contains("io.copas.tls"), e::getMessage);
    }
}
