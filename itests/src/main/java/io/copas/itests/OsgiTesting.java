package io.copas.itests;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

/** Shared helpers of the in-framework tests. */
final class OsgiTesting {

    static final String PID = "io.copas.scheduler";

    private OsgiTesting() {
    }

    static Bundle bundle(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("bundle " + symbolicName + " is not installed"));
    }

    /** Runs {@code action} and waits until a service matching {@code filter} is registered. */
    static boolean awaitRegistration(BundleContext context, String filter, ThrowingRunnable action) throws Exception {
        CountDownLatch registered = new CountDownLatch(1);
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                registered.countDown();
            }
        };
        context.addServiceListener(listener, filter);
        try {
            action.run();
            return registered.await(30, TimeUnit.SECONDS);
        } finally {
            context.removeServiceListener(listener);
        }
    }

    /** An action that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
