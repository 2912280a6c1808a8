package io.copas.core.internal;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The faster engine: the loop and every task of a scheduler are virtual threads on one private
 * carrier thread, so a hand-off is a queue operation on the same core instead of a trip through
 * the shared ForkJoinPool. Needs the JDK's package-private virtual thread builder that takes a
 * scheduler, reachable only when the JVM opens {@code java.lang} to this module (or, on the class
 * path or in OSGi, to ALL-UNNAMED).
 *
 * <p>A task that blocks in a JDK call parks its virtual thread and frees the carrier: the
 * scheduler waits for it, as with the default engine, but no platform thread is held.
 */
final class CarrierEngine implements Engine {

    static final String NAME = "carrier";

    /** How long an idle carrier thread lingers before it ends (a new one starts on demand). */
    private static final long CARRIER_KEEP_ALIVE_SECONDS = 5;

    private static final Constructor<?> BUILDER = findBuilder();

    private final Executor carrier;
    private final CarrierExecutor ownCarrier;
    /**
     * A builder kept between task creations: making one reflectively per task was a good part of
     * a cold {@code add()}. A builder is not thread-safe, so a caller takes it (or makes one when
     * another thread holds it) and puts it back.
     */
    private final AtomicReference<Thread.Builder.OfVirtual> spareBuilder = new AtomicReference<>();

    CarrierEngine(String schedulerName) {
        if (BUILDER == null) {
            throw new IllegalStateException(unavailableReason());
        }
        CarrierExecutor own = CarrierExecutor.create(schedulerName);
        this.ownCarrier = own;
        this.carrier = own != null ? own : threadPool(schedulerName);
    }

    /** The fallback carrier when {@link CarrierExecutor} cannot tell its own thread: a one-thread pool. */
    private static Executor threadPool(String schedulerName) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, CARRIER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread t = new Thread(runnable, schedulerName + "-carrier");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Whether the JVM grants the access this engine needs. */
    static boolean available() {
        return BUILDER != null;
    }

    /**
     * What keeps this engine from running, naming exactly what is missing (the JVM flag, or a JDK
     * that has the builder); {@code null} when it is available.
     */
    static String unavailableReason() {
        if (BUILDER != null) {
            return null;
        }
        return Object.class.getModule().isOpen("java.lang", CarrierEngine.class.getModule())
                ? "the carrier engine needs java.lang.ThreadBuilders$VirtualThreadBuilder(Executor), which this JDK ("
                        + Runtime.version() + ") does not have, although java.lang is open to " + moduleName()
                : "the carrier engine needs --add-opens java.base/java.lang=" + moduleName();
    }

    /**
     * Whether a task may park while it holds a monitor without stopping the whole scheduler: before
     * JDK 24 such a virtual thread pins its carrier, and this engine has only one.
     */
    static boolean safeOnThisJdk() {
        return Runtime.version().feature() >= 24;
    }

    static String moduleName() {
        String name = CarrierEngine.class.getModule().getName();
        return name == null ? "ALL-UNNAMED" : name;
    }

    private static Constructor<?> findBuilder() {
        try {
            Class<?> type = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> constructor = type.getDeclaredConstructor(Executor.class);
            constructor.setAccessible(true);
            return constructor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not opened, or a JDK without this builder: the default engine is used
        }
    }

    private Thread.Builder.OfVirtual builder(String name) {
        try {
            return ((Thread.Builder.OfVirtual) BUILDER.newInstance(carrier)).name(name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a virtual thread on the carrier", e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CarrierExecutor runningTaskSlot() {
        return ownCarrier;
    }

    /**
     * On the loop's virtual thread on this engine's carrier, the wait itself is done by the carrier
     * thread once it has nothing else to run; it collects the ready keys and the loop, resumed,
     * handles them. A virtual thread's own blocking {@code select} goes through the JDK's poller
     * instead: a registration, a wait on another thread and a wake-up across threads for every
     * wait, which at one connection cost two thirds of the server's CPU per message.
     */
    @Override
    public int select(Selector selector, Consumer<SelectionKey> action, long millis) throws IOException {
        if (ownCarrier == null || !ownCarrier.isCurrentCarrier()) {
            return selector.select(action, millis);
        }
        return ownCarrier.awaitSelectable(selector, action, millis);
    }

    @Override
    public Strand newStrand(String name, Runnable body) {
        Thread.Builder.OfVirtual builder = spareBuilder.getAndSet(null);
        if (builder == null) {
            builder = builder(name);
        } else {
            builder.name(name);
        }
        ParkingStrand strand = new ParkingStrand(builder, body);
        spareBuilder.set(builder);
        return strand;
    }

    @Override
    public void runLoop(String name, Runnable loopBody) {
        // always on our carrier, even when called from a virtual thread of another scheduler
        VirtualThreadEngine.runAndJoin(builder(name), JdkPoller.startedBefore(loopBody));
    }

    @Override
    public Thread newLoopThread(String name, Runnable loopBody) {
        return builder(name).unstarted(JdkPoller.startedBefore(loopBody));
    }
}
