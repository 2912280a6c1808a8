package io.copas.sync;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Handles the items of a {@link Queue}, one at a time, in a worker task
 * ({@code queue:add_worker(func)}).
 *
 * @param <T> the item type
 */
@ConsumerType
@FunctionalInterface
public interface QueueWorker<T> {

    /**
     * Handles one item. It may use every Copas call (it runs in the worker task). An exception
     * is reported to the worker task's error handler and the worker goes on with the next item.
     *
     * @param item the item, possibly {@code null}
     * @throws Exception whatever the handling throws
     */
    void handle(T item) throws Exception;
}
