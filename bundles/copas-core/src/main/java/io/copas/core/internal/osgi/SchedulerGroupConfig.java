package io.copas.core.internal.osgi;

import io.copas.core.TcpSocket;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of a scheduler group service, factory PID {@code io.copas.schedulergroup} (one
 * group per configuration), described by Metatype.
 */
@ObjectClassDefinition(id = SchedulerGroupComponent.PID, name = "Copas scheduler group",
        description = "A group of Copas loops, one thread each, with servers sharded over them; a change restarts it.")
public @interface SchedulerGroupConfig {

    /**
     * The group's name.
     *
     * @return the name
     */
    @AttributeDefinition(name = "Name",
            description = "Name of the group; member i is named <name>-<i> (thread names and logs).")
    String name() default "copas-group";

    /**
     * The number of members.
     *
     * @return the size, 0 for one per available processor
     */
    @AttributeDefinition(name = "Size", min = "0",
            description = "Number of loops; 0: one per available processor.")
    int size() default 0;

    /**
     * The members' engine.
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
            description = "Collect per-step execution statistics in every member, as copas.status(true).")
    boolean detailedStatistics() default false;

    /**
     * The blocked-loop watchdog's threshold in milliseconds; 0 leaves it to the framework or system
     * property {@code io.copas.watchdog}.
     *
     * @return the threshold
     */
    @AttributeDefinition(name = "Watchdog threshold (ms)",
            description = "Report a task that holds its loop longer than this, with its stack; 0: as the"
                    + " property io.copas.watchdog says (off when unset).")
    long watchdogMillis() default 0;

    /**
     * The receive limit new TCP sockets start with.
     *
     * @return the limit in bytes
     */
    @AttributeDefinition(name = "Receive limit", min = "1",
            description = "Most bytes a line or read-all receive buffers before it fails (1048576 = 1 MiB).")
    int receiveLimit() default TcpSocket.DEFAULT_RECEIVE_LIMIT;

    /**
     * Whether servers may use {@code SO_REUSEPORT}.
     *
     * @return the setting
     */
    @AttributeDefinition(name = "Reuse port",
            description = "Shard servers by SO_REUSEPORT (one listening socket per loop) where the kernel spreads"
                    + " connections (Linux); false: one acceptor hands connections to the loops in turn.")
    boolean reusePort() default true;
}
