package io.copas.sync;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Task;
import io.copas.sync.internal.Deadline;
import io.copas.sync.internal.Guards;
import io.copas.sync.internal.WaitSet;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FIFO queue between the tasks of one scheduler ({@code copas.queue}), with optional worker
 * tasks. Items may be {@code null}.
 *
 * <p>Life cycle: a queue accepts items until {@link #stop()}; it then hands out what is left and
 * destroys itself when it runs empty. {@link #finish(Duration, boolean)} stops it and waits until
 * that has happened and every worker has finished its last item. {@link #destroy()} ends it at
 * once, dropping what is left.
 *
 * <p>Workers ({@link #addWorker}) are tasks named {@code "<queue name>:worker_N"} that pop and
 * handle items until the queue is destroyed. A worker whose handler throws does not die: the
 * exception goes to the worker task's error handler ({@link Task#errorHandler()}: its own, else
 * the scheduler's default) and the worker goes on with the next item. (Upstream 4.11 lets the
 * worker die and queue handling stop silently.)
 *
 * @param <T> the item type
 */
public final class Queue<T> {

    /** Waits without a time limit (upstream's {@code math.huge}). */
    public static final Duration FOREVER = Guards.FOREVER;

    /** The default timeout of {@link #pop()} and {@link #finish()}: 10 seconds, as upstream. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Object NULL_ITEM = new Object();

    private final Scheduler scheduler;
    private final String name;
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private final Semaphore available;
    private final Set<Task> workers = new LinkedHashSet<>();
    private final WaitSet finishers;
    private int workerIds;
    private boolean stopping;
    private boolean destroyed;

    private Queue(Scheduler scheduler, String name) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name != null ? name : "copas_queue_" + NAMES.incrementAndGet();
        this.available = Semaphore.create(scheduler, Integer.MAX_VALUE, 0, DEFAULT_TIMEOUT);
        this.finishers = new WaitSet(scheduler);
    }

    /**
     * Creates a queue named {@code "copas_queue_N"} for the scheduler of the calling task
     * ({@code copas.queue.new()}).
     *
     * @param <T> the item type
     * @return the queue
     * @throws IllegalStateException outside a task
     */
    public static <T> Queue<T> create() {
        return create((String) null);
    }

    /**
     * Creates a named queue for the scheduler of the calling task
     * ({@code copas.queue.new({name = name})}).
     *
     * @param name the name (also of its workers); {@code null} for {@code "copas_queue_N"}
     * @param <T>  the item type
     * @return the queue
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException    outside a task
     */
    public static <T> Queue<T> create(String name) {
        return new Queue<>(Guards.currentScheduler("Queue.create()"), name);
    }

    /**
     * Creates a named queue for the given scheduler.
     *
     * @param scheduler the scheduler whose tasks use it
     * @param name      the name; {@code null} for {@code "copas_queue_N"}
     * @param <T>       the item type
     * @return the queue
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static <T> Queue<T> create(Scheduler scheduler, String name) {
        return new Queue<>(scheduler, name);
    }

    /**
     * The queue's name ({@code queue.name}).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Appends an item ({@code queue:push(item)}); a task waiting in {@link #pop} gets it.
     *
     * @param item the item, may be {@code null}
     * @throws StoppedException      if the queue is stopping
     * @throws DestroyedException    if the queue was destroyed
     * @throws IllegalStateException if called from elsewhere than the queue's scheduler
     */
    public void push(T item) throws StoppedException, DestroyedException {
        Guards.requireLoop(scheduler, "Queue.push()");
        checkNotDestroyed();
        if (stopping) {
            throw new StoppedException("queue '" + name + "' is stopping", Duration.ZERO);
        }
        items.addLast(item == null ? NULL_ITEM : item);
        available.give(1);
    }

    /**
     * Takes the oldest item, waiting up to the default 10 s ({@code queue:pop()}).
     *
     * @return the item, possibly {@code null}
     * @throws SyncTimeoutException if no item came in time
     * @throws DestroyedException   if the queue is or gets destroyed
     * @throws IllegalStateException if not called from a task of the queue's scheduler
     */
    public T pop() throws SyncTimeoutException, DestroyedException {
        return pop(null);
    }

    /**
     * Takes the oldest item ({@code queue:pop(timeout)}), waiting for one if the queue is empty.
     * When a stopping queue hands out its last item, it destroys itself.
     *
     * @param timeout how long to wait; {@code null} for 10 s; zero fails at once without
     *                yielding; {@link #FOREVER} waits without limit
     * @return the item, possibly {@code null}
     * @throws SyncTimeoutException if no item came in time
     * @throws DestroyedException   if the queue is or gets destroyed
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    if not called from a task of the queue's scheduler
     */
    @SuppressWarnings("unchecked")
    public T pop(Duration timeout) throws SyncTimeoutException, DestroyedException {
        Guards.requireTask(scheduler, "Queue.pop()");
        checkNotDestroyed();
        try {
            available.take(1, timeout);
        } catch (TooManyException impossible) {
            throw new AssertionError(impossible);
        } catch (SyncTimeoutException e) {
            throw new SyncTimeoutException("no item in queue '" + name + "'", e.waited());
        } catch (DestroyedException e) {
            throw destroyedException(e.waited());
        }
        if (destroyed) { // served, then destroyed before this task ran
            throw destroyedException(Duration.ZERO);
        }
        Object item = items.pollFirst();
        if (items.isEmpty() && stopping) {
            destroy(); // the last item of a stopping queue
        }
        return item == NULL_ITEM ? null : (T) item;
    }

    /**
     * The number of items in the queue ({@code queue:get_size()}); zero once destroyed.
     *
     * @return the size
     */
    public int size() {
        return items.size();
    }

    /**
     * Stops the queue ({@code queue:stop()}): it accepts no more items and destroys itself once
     * the remaining ones are popped (at once if it is empty). Does not wait; see
     * {@link #finish(Duration, boolean)}. Idempotent.
     *
     * @throws DestroyedException    if the queue was destroyed
     * @throws IllegalStateException if called from elsewhere than the queue's scheduler
     */
    public void stop() throws DestroyedException {
        Guards.requireLoop(scheduler, "Queue.stop()");
        checkNotDestroyed();
        if (!stopping) {
            stopping = true;
            if (items.isEmpty()) {
                destroy();
            }
        }
    }

    /**
     * Finishes the queue with the default 10 s timeout ({@code queue:finish()}).
     *
     * @throws SyncTimeoutException if it did not finish in time (the queue is then destroyed)
     * @throws DestroyedException   if the queue was already destroyed
     * @throws IllegalStateException if not called from a task of the queue's scheduler
     */
    public void finish() throws SyncTimeoutException, DestroyedException {
        finish(null, false);
    }

    /**
     * Finishes the queue ({@code queue:finish(timeout, no_destroy_on_timeout)}): {@link #stop()}s
     * it, then waits until it has run empty and every worker has finished handling its last item
     * and exited. Without workers it returns once the last item was popped (not necessarily
     * handled).
     *
     * @param timeout            how long to wait; {@code null} for 10 s; {@link #FOREVER} for no
     *                           limit
     * @param noDestroyOnTimeout whether to leave the queue as it is on a timeout, instead of
     *                           destroying it (dropping what is left)
     * @throws SyncTimeoutException if it did not finish in time
     * @throws DestroyedException   if the queue was already destroyed when called
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws IllegalStateException    if not called from a task of the queue's scheduler
     */
    public void finish(Duration timeout, boolean noDestroyOnTimeout) throws SyncTimeoutException, DestroyedException {
        Task me = Guards.requireTask(scheduler, "Queue.finish()");
        Duration limit = Guards.timeout(timeout, DEFAULT_TIMEOUT, "timeout");
        stop();
        Deadline deadline = new Deadline(scheduler.clock(), limit);
        if (!finishers.await(me, () -> destroyed && workers.isEmpty(), deadline)) {
            if (!noDestroyOnTimeout) {
                destroy();
            }
            throw new SyncTimeoutException("queue '" + name + "' did not finish within " + limit, deadline.elapsed());
        }
    }

    /**
     * Destroys the queue at once ({@code queue:destroy()}): drops what is left, fails the tasks
     * waiting in {@link #pop} with a {@link DestroyedException}, and lets the workers exit.
     * Later calls fail with a {@link DestroyedException}.
     *
     * @return {@code true}, or {@code false} if it was already destroyed
     * @throws IllegalStateException if called from elsewhere than the queue's scheduler
     */
    public boolean destroy() {
        Guards.requireLoop(scheduler, "Queue.destroy()");
        if (destroyed) {
            return false;
        }
        destroyed = true;
        stopping = true;
        items.clear();
        available.destroy();
        finishers.signalAll();
        return true;
    }

    /**
     * Adds a worker task ({@code queue:add_worker(func)}), named {@code "<name>:worker_N"}, that
     * pops items and hands them to {@code worker} until the queue is destroyed. It waits for
     * items without a timer, so idle workers alone do not keep the loop alive. A handler's
     * exception goes to the worker task's error handler; the worker goes on.
     *
     * @param worker handles one item
     * @return the worker task
     * @throws DestroyedException    if the queue was destroyed
     * @throws IllegalStateException if called from elsewhere than the queue's scheduler
     */
    public Task addWorker(QueueWorker<? super T> worker) throws DestroyedException {
        Objects.requireNonNull(worker, "worker");
        Guards.requireLoop(scheduler, "Queue.addWorker()");
        checkNotDestroyed();
        Task task = scheduler.add(name + ":worker_" + (++workerIds), () -> runWorker(worker));
        workers.add(task);
        // however the worker ends: one removed before its first step, or dropped after it
        // swallowed its removal, never reaches the end of runWorker
        task.whenDone(() -> {
            workers.remove(task);
            finishers.signalAll();
        });
        return task;
    }

    private void runWorker(QueueWorker<? super T> worker) throws Exception {
        Task me = Copas.current();
        while (true) {
            T item;
            try {
                item = pop(FOREVER);
            } catch (DestroyedException e) {
                return;
            }
            try {
                worker.handle(item);
            } catch (Throwable e) {
                if (Guards.isFatal(e)) {
                    throw e;
                }
                Guards.report(me.errorHandler(), e, me);
            }
        }
    }

    /**
     * The worker tasks still running ({@code queue:get_workers()}).
     *
     * @return a snapshot
     */
    public List<Task> workers() {
        return List.copyOf(workers);
    }

    /**
     * Whether {@link #stop()} (or {@link #finish}) was called.
     *
     * @return {@code true} once stopping
     */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * Whether the queue was destroyed (explicitly, or having run empty while stopping).
     *
     * @return {@code true} once destroyed
     */
    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * The scheduler the queue belongs to.
     *
     * @return the scheduler
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    private void checkNotDestroyed() throws DestroyedException {
        if (destroyed) {
            throw destroyedException(Duration.ZERO);
        }
    }

    private DestroyedException destroyedException(Duration waited) {
        return new DestroyedException("queue '" + name + "' was destroyed", waited);
    }

    @Override
    public String toString() {
        return "Queue[" + name + ", " + (destroyed ? "destroyed" : items.size() + " items" + (stopping ? ", stopping" : ""))
                + ", " + workers.size() + " workers]";
    }
}
