package io.copas.demo.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Stops the framework in order when the JVM is asked to end (Ctrl-C, SIGTERM from a service
 * manager or container), as Felix's own launcher does: every bundle stops, so the scheduler ends
 * its tasks and closes its sockets. bnd's launcher, which runs the distribution, has no such hook.
 * The hook lives while this (the demo) bundle is active.
 * The JVM keeps the signal's exit status (130 for Ctrl-C, 143 for SIGTERM).
 */
@Component(immediate = true)
public final class StopOnSignal {

    private static final System.Logger LOG = System.getLogger("io.copas.demo");

    /** How long the hook lets the framework stop before the JVM ends anyway. */
    private static final long STOP_MILLIS = 30_000;

    private final Thread hook;

    /**
     * Registers the JVM shutdown hook.
     *
     * @param context the demo bundle's context, used to reach the system bundle
     */
    @Activate
    public StopOnSignal(BundleContext context) {
        Framework framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(Framework.class);
        hook = new Thread(() -> stop(framework), "copas-stop-on-signal");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // a signal came while the framework was still starting: the JVM is already on its way out
            LOG.log(System.Logger.Level.DEBUG, "the JVM is shutting down: no hook to stop the framework");
        }
    }

    private static void stop(Framework framework) {
        try {
            framework.stop();
            if (framework.waitForStop(STOP_MILLIS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.log(System.Logger.Level.WARNING, "the framework did not stop within {0} ms", STOP_MILLIS);
            }
        } catch (BundleException | InterruptedException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the framework did not stop in order: {0}", e.toString());
        }
    }

    /** Removes the hook when the framework stops for another reason (stop 0, Ctrl-D). */
    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is stopping the framework: nothing to remove
        }
    }
}
