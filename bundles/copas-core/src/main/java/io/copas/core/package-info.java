/**
 * Copas for Java: a dispatcher that runs many cooperative tasks, written in plain blocking style,
 * from one loop over sockets and timers.
 *
 * <p>Start with {@link io.copas.core.Scheduler} (one loop) and {@link io.copas.core.Copas} (the
 * static helpers a task uses: pause, wakeup, timeout, the current task).
 */
@Export
@Version("0.3.0")
package io.copas.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
