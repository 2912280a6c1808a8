package io.copas.demo.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Lets an orderly stop of the distribution ({@code stop 0}, Ctrl-D in the shell) exit with
 * status 0. bnd's launcher exits with 117 ("framework stopped") when the framework stops while
 * nothing runs on its main thread; given a {@code main.thread} service it runs that on the main
 * thread and exits with what it returns. This one returns 0 as soon as the framework starts to
 * stop, before the launcher sees the framework stopped.
 */
@Component(service = Callable.class, property = "main.thread=true")
public final class LauncherMainThread implements Callable<Integer> {

    /** Bound on how long the stopping framework waits for the main thread to take its 0. */
    private static final long HAND_OVER_SECONDS = 5;

    private final BundleContext systemContext;

    /**
     * Creates the main thread service.
     *
     * @param context the demo bundle's context, used to reach the system bundle
     */
    @Activate
    public LauncherMainThread(BundleContext context) {
        // the system bundle's context stays valid while the framework stops this bundle
        this.systemContext = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getBundleContext();
    }

    /**
     * Waits on the launcher's main thread until the framework stops.
     *
     * @return 0, the exit status of an orderly stop
     * @throws InterruptedException if the main thread is interrupted
     */
    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch frameworkStopping = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        Bundle system = systemContext.getBundle();
        // synchronous: called on the stopping thread, which waits (bounded) until we have returned
        SynchronousBundleListener listener = event -> {
            if (system.getState() == Bundle.STOPPING && frameworkStopping.getCount() > 0) {
                frameworkStopping.countDown();
                awaitQuietly(returned);
            }
        };
        systemContext.addBundleListener(listener);
        try {
            frameworkStopping.await();
            return 0;
        } finally {
            returned.countDown();
            systemContext.removeBundleListener(listener);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(HAND_OVER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
