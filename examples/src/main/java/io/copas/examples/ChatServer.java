package io.copas.examples;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.sync.Queue;
import io.copas.sync.SyncException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chat server: every line a member sends goes to every other member. Each member has an outbox
 * queue with one worker task that writes to its socket, so a slow reader never holds up the others.
 */
public final class ChatServer {

    // tag::chat-state[]
    // only tasks of one scheduler touch it, one at a time: no locks needed
    private final Map<TcpSocket, Queue<String>> members = new LinkedHashMap<>();
    // end::chat-state[]

    /** Makes a chat server with no members yet. */
    public ChatServer() {
    }

    /**
     * Adds the chat server on {@code 127.0.0.1:port} to {@code scheduler}.
     *
     * @param scheduler the scheduler that runs it
     * @param port      the port, 0 for any free one
     * @return the server
     * @throws IOException if the port cannot be bound
     */
    public Server start(Scheduler scheduler, int port) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", port));
        return scheduler.addServer(channel, this::member, Duration.ofMinutes(10), "chat");
    }

    /**
     * How many members are connected now.
     *
     * @return the number of members
     */
    public int size() {
        return members.size();
    }

    // tag::chat-member[]
    private void member(TcpSocket socket) throws IOException, SyncException {
        Queue<String> outbox = Queue.create(socket.name() + ":outbox");
        outbox.addWorker(line -> socket.send(line + "\n"));   // the only task that writes
        members.put(socket, outbox);
        try {
            outbox.push("welcome, " + socket.name() + " (" + members.size() + " here)");
            broadcast(socket, "* " + socket.name() + " joined");
            while (true) {
                broadcast(socket, socket.name() + ": " + socket.receiveLine());
            }
        } catch (TransferClosedException left) {
            // the member hung up
        } finally {
            members.remove(socket);
            outbox.destroy();                                  // its worker ends too
            broadcast(socket, "* " + socket.name() + " left");
        }
    }

    private void broadcast(TcpSocket sender, String line) throws SyncException {
        for (Map.Entry<TcpSocket, Queue<String>> member : members.entrySet()) {
            if (member.getKey() != sender) {
                member.getValue().push(line);                  // never waits
            }
        }
    }
    // end::chat-member[]
}
