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
        return awaitEvent(context, filter, ServiceEvent.REGISTERED, action);
    }

    /** Runs {@code action} and waits until a service matching {@code filter} is being unregistered. */
    static boolean awaitUnregistration(BundleContext context, String filter, ThrowingRunnable action) throws Exception {
        return awaitEvent(context, filter, ServiceEvent.UNREGISTERING, action);
    }

    private static boolean awaitEvent(BundleContext context, String filter, int type, ThrowingRunnable action)
            throws Exception {
        CountDownLatch happened = new CountDownLatch(1);
        ServiceListener listener = event -> {
            if (event.getType() == type) {
                happened.countDown();
            }
        };
        context.addServiceListener(listener, filter);
        try {
            action.run();
            return happened.await(30, TimeUnit.SECONDS);
        } finally {
            context.removeServiceListener(listener);
        }
    }

    /** An action that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
