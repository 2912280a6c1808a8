package io.copas.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The fastest engine: each task is a {@code jdk.internal.vm.Continuation} that the loop runs
 * directly on its own thread, so a switch is a stack copy, not a trip through any scheduler. Needs
 * {@code --add-exports java.base/jdk.internal.vm=io.copas.core} (or {@code =ALL-UNNAMED} on the
 * class path and in OSGi). The loop itself is a virtual thread: a task that blocks in a JDK call
 * parks the loop's virtual thread with it and frees the carrier (the scheduler waits, as with
 * every engine). Where the JDK pins a continuation (a native frame, a monitor before JDK 24), the
 * yield fails with an {@link IllegalStateException} to the task's error handler.
 *
 * <p>All tasks share the loop's {@link Thread}. The engine keeps each task's interrupt status its
 * own (saved and cleared at every yield, restored on resume), but {@code Thread.currentThread()},
 * ThreadLocals and the ownership of java.util.concurrent locks are the same for every task: this
 * engine is therefore never picked by {@code auto} (docs/decisions/0004).
 */
final class ContinuationEngine implements Engine {

    static final String NAME = "continuation";

    private static final String INTERNAL_PACKAGE = "jdk.internal.vm";

    private static final MethodHandle NEW_CONTINUATION;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;
    private static final MethodHandle IS_DONE;
    private static final Object SCOPE;

    static {
        MethodHandle newContinuation = null;
        MethodHandle run = null;
        MethodHandle yield = null;
        MethodHandle isDone = null;
        Object scope = null;
        try {
            Class<?> scopeType = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> type = Class.forName("jdk.internal.vm.Continuation");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            scope = lookup.findConstructor(scopeType, MethodType.methodType(void.class, String.class))
                    .invoke("copas");
            newContinuation = lookup.findConstructor(type, MethodType.methodType(void.class, scopeType, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            run = lookup.findVirtual(type, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            yield = lookup.findStatic(type, "yield", MethodType.methodType(boolean.class, scopeType))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            isDone = lookup.findVirtual(type, "isDone", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
        } catch (Throwable e) {
            newContinuation = null; // see unavailableReason(): other engines remain
        }
        NEW_CONTINUATION = newContinuation;
        RUN = run;
        YIELD = yield;
        IS_DONE = isDone;
        SCOPE = scope;
    }

    ContinuationEngine() {
        if (NEW_CONTINUATION == null) {
            throw new IllegalStateException(unavailableReason());
        }
    }

    /** Whether the JVM exports what this engine needs. */
    static boolean available() {
        return NEW_CONTINUATION != null;
    }

    /**
     * What keeps this engine from running, naming exactly what is missing; {@code null} when it is
     * available. The JVM flag alone is not enough in an OSGi framework: a bundle's class loader
     * sees only {@code java.*} through the boot loader unless the framework delegates
     * {@code jdk.internal.vm} to it too.
     */
    static String unavailableReason() {
        if (NEW_CONTINUATION != null) {
            return null;
        }
        String module = CarrierEngine.moduleName();
        if (!Object.class.getModule().getPackages().contains(INTERNAL_PACKAGE)) {
            return "the continuation engine needs " + INTERNAL_PACKAGE + ".Continuation, which this JDK ("
                    + Runtime.version() + ") does not have";
        }
        if (!Object.class.getModule().isExported(INTERNAL_PACKAGE, ContinuationEngine.class.getModule())) {
            return "the continuation engine needs --add-exports java.base/" + INTERNAL_PACKAGE + "=" + module;
        }
        return "the JVM exports " + INTERNAL_PACKAGE + " to " + module + ", but the class loader of "
                + ContinuationEngine.class.getName() + " cannot see it: in an OSGi framework also set the framework"
                + " property org.osgi.framework.bootdelegation=" + INTERNAL_PACKAGE;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Strand newStrand(String name, Runnable body) {
        return new ContinuationStrand(body);
    }

    @Override
    public void runLoop(String name, Runnable loopBody) {
        VirtualThreadEngine.runAndJoin(Thread.ofVirtual().name(name), JdkPoller.startedBefore(loopBody));
    }

    @Override
    public Thread newLoopThread(String name, Runnable loopBody) {
        return Thread.ofVirtual().name(name).unstarted(JdkPoller.startedBefore(loopBody));
    }

    /** A task as a continuation, run by the loop on the loop's own thread. */
    private static final class ContinuationStrand implements Strand {

        private final Object continuation;

        ContinuationStrand(Runnable body) {
            try {
                this.continuation = NEW_CONTINUATION.invokeExact(SCOPE, body);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot create a continuation", e);
            }
        }

        @Override
        public void resume() {
            boolean loopInterrupted = Thread.interrupted(); // not the task's: kept for the loop
            try {
                RUN.invokeExact(continuation);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            } finally {
                // a yield saved the task's status; an ended task's status ends with it
                Thread.interrupted();
                if (loopInterrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void yieldToLoop() {
            boolean taskInterrupted = Thread.interrupted(); // the task's own status leaves with it
            boolean yielded;
            try {
                yielded = (boolean) YIELD.invokeExact(SCOPE);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            } finally {
                if (taskInterrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!yielded) {
                throw new IllegalStateException("a Copas task cannot yield here (it holds a monitor or a native frame)");
            }
        }

        @Override
        public boolean isDone() {
            try {
                return (boolean) IS_DONE.invokeExact(continuation);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean sharesLoopThread() {
            return true;
        }
    }
}
