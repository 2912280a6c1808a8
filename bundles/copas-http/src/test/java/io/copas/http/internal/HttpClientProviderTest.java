package io.copas.http.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.http.HttpClient;
import io.copas.http.HttpRequest;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The provider's life cycle: no client outlives a stopped provider (and its bundle revision). */
class HttpClientProviderTest {

    @Test
    void aStoppedProviderHandsOutNoClient() {
        HttpClientProvider provider = new HttpClientProvider();
        HttpClient before = (HttpClient) provider.client("http", null);
        provider.deactivate();
        assertNull(provider.client("http", null));
        assertShutDown(before);
    }

    /**
     * A lookup racing the deactivation (the loop asks while the framework stops the bundle) once
     * created a client after deactivate() had looked: nobody shut it down, and its requests failed
     * later with NoClassDefFoundError once the revision's class loader was closed.
     */
    @Test
    void aClientCreatedWhileTheProviderStopsIsShutDownToo() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            HttpClientProvider provider = new HttpClientProvider();
            CountDownLatch go = new CountDownLatch(1);
            HttpClient[] handedOut = new HttpClient[1];
            Thread asker = Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                handedOut[0] = (HttpClient) provider.client("http", null);
            });
            Thread stopper = Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                provider.deactivate();
            });
            go.countDown();
            asker.join();
            stopper.join();
            if (handedOut[0] != null) {
                assertShutDown(handedOut[0]);
            }
        }
    }

    private static void assertShutDown(HttpClient client) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> client.send(HttpRequest.builder("http://127.0.0.1:9/").build()));
        assertTrue(refused.getMessage().contains("shut down"), refused.getMessage());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
