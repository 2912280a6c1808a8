package io.copas.core.internal.osgi;

import io.copas.core.TcpSocket;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the scheduler service, PID {@code io.copas.scheduler}, described by Metatype. */
@ObjectClassDefinition(id = SchedulerComponent.PID, name = "Copas scheduler",
        description = "The Copas loop published as a service; a change restarts it.")
public @interface SchedulerConfig {

    /**
     * The scheduler's name.
     *
     * @return the name
     */
    @AttributeDefinition(name = "Name", description = "Name of the scheduler, used in thread names and logs.")
    String name() default "copas";

    /**
     * The engine.
     *
     * @return the engine's name
     */
    @AttributeDefinition(name = "Engine",
            description = "auto (fastest the JVM allows), default (public API only), or an engine's name.",
            options = {
                @Option(value = "auto", label = "auto: the fastest the JVM allows"),
                @Option(value = "default", label = "default: public API only"),
                @Option(value = "carrier", label = "carrier: needs java.base/java.lang opened"),
                @Option(value = "continuation", label = "continuation: needs jdk.internal.vm exported and boot-delegated")
            })
    String engine() default "auto";

    /**
     * Whether detailed statistics are collected.
     *
     * @return the setting
     */
    @AttributeDefinition(name = "Detailed statistics",
            description = "Collect per-step execution statistics, as copas.status(true).")
    boolean detailedStatistics() default false;

    /**
     * The blocked-loop watchdog's threshold in milliseconds; 0 leaves it to the system property
     * {@code io.copas.watchdog} (off when that is not set either).
     *
     * @return the threshold
     */
    @AttributeDefinition(name = "Watchdog threshold (ms)",
            description = "Report a task that holds the loop longer than this, with its stack; 0: as the"
                    + " system property io.copas.watchdog says (off when unset).")
    long watchdogMillis() default 0;

    /**
     * The receive limit new TCP sockets start with.
     *
     * @return the limit in bytes
     */
    @AttributeDefinition(name = "Receive limit", min = "1",
            description = "Most bytes a line or read-all receive buffers before it fails (1048576 = 1 MiB).")
    int receiveLimit() default TcpSocket.DEFAULT_RECEIVE_LIMIT;
}
