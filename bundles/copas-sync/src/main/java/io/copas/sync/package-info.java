/**
 * Synchronisation between the tasks of one Copas scheduler: {@link io.copas.sync.Lock},
 * {@link io.copas.sync.Semaphore}, {@link io.copas.sync.Queue}, {@link io.copas.sync.Timer} and
 * {@link io.copas.sync.CopasFuture} (upstream's {@code copas.lock}, {@code copas.semaphore},
 * {@code copas.queue}, {@code copas.timer} and {@code copas.future}).
 *
 * <p>Every primitive belongs to one scheduler: the one of the task that created it, or the one
 * passed to its factory. Waiting operations yield to that scheduler (they never block a thread)
 * and must be called from one of its tasks; the other operations may also be called from its
 * loop (a {@code Copas.timeout} callback) or, for set-up, while no loop runs. Anything else fails
 * with {@link java.lang.IllegalStateException}.
 *
 * <p>Failures that upstream returns as {@code nil, "timeout"}, {@code "destroyed"},
 * {@code "too many"}, {@code "cancelled"} or {@code "stopping"} are checked exceptions under
 * {@link io.copas.sync.SyncException}. Timeouts are {@link java.time.Duration}s: {@code null}
 * means the primitive's default, zero means "do not wait, do not yield", and
 * {@link io.copas.sync.Lock#FOREVER} (upstream's {@code math.huge}) waits without a timer, so
 * such a waiter alone does not keep the loop alive.
 */
@Export
@Version("0.2.0")
package io.copas.sync;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
