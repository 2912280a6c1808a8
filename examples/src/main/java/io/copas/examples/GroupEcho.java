package io.copas.examples;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.SchedulerGroup;
import io.copas.core.Server;
import io.copas.core.Task;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** The manual's scheduler group: an echo server sharded over four loops, and asking another member. */
public final class GroupEcho {

    private GroupEcho() {
    }

    /**
     * Starts a group of four members with an echo server on {@code port}.
     *
     * @param port the port, 0 for an ephemeral one
     * @return the running group and its server
     * @throws IOException if the port cannot be bound
     */
    public static Started start(int port) throws IOException {
        // tag::group[]
        SchedulerGroup group = SchedulerGroup.builder().size(4).build();   // running at once
        Server echo = group.addServer(new InetSocketAddress("127.0.0.1", port),
                socket -> socket.send(socket.receiveLine() + "\n"));
        group.add(() -> System.out.println("on " + Copas.scheduler().name()));  // round robin
        // end::group[]
        return new Started(group, echo);
    }

    /**
     * A group and its echo server.
     *
     * @param group the group
     * @param echo  the server
     */
    public record Started(SchedulerGroup group, Server echo) {
    }

    /**
     * Has {@code other} compute a value and waits for it without holding the caller's loop;
     * called from a task.
     *
     * @param other   another scheduler (a member of the same group, say)
     * @param compute what it computes
     * @return the value
     */
    public static int askOther(Scheduler other, Callable<Integer> compute) {
        // tag::ask-other[]
        Scheduler mine = Copas.scheduler();
        Task me = Copas.current();
        CompletableFuture<Integer> answer = other.submit(compute);
        answer.whenComplete((value, error) -> mine.wakeup(me));   // wakeup is safe from any thread
        while (!answer.isDone()) {
            Copas.suspend(Duration.ofSeconds(10));
        }
        // end::ask-other[]
        return answer.join();
    }
}
