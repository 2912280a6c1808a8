package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static io.copas.core.TestSockets.assertNoTaskErrors;
import static io.copas.core.TestSockets.collectErrors;
import static io.copas.core.TestSockets.pauseUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several tasks waiting on one socket in the same direction are served in turn, first come first,
 * as upstream queues the coroutines waiting on one socket; before, the second one got an
 * IllegalStateException. A turn lasts a whole operation.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketTurnsTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** Runs {@code main} as a task of a new scheduler; then no task failed and nothing is left. */
    private static void onLoop(TaskBody main) throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = collectErrors(scheduler);
            scheduler.add("main", main);
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertClean(scheduler);
        }
    }

    /** Inside a task: starts one task per name, each in the {@code waiting} state before the next one starts. */
    private static List<Task> lineUp(List<String> names, TaskState waiting, Function<String, TaskBody> body) {
        List<Task> tasks = new ArrayList<>();
        for (String name : names) {
            Task task = Copas.scheduler().add(name, body.apply(name));
            pauseUntil(() -> task.state() == waiting, LIMIT, name + " to wait");
            tasks.add(task);
        }
        return tasks;
    }

    /** A task body that receives one datagram on {@code socket} and records it as "name:data". */
    private static Function<String, TaskBody> receiveInto(UdpSocket socket, List<String> got) {
        return name -> () -> got.add(name + ":" + new String(socket.receive(100), StandardCharsets.US_ASCII));
    }

    /** A task body that receives on {@code socket} and records how that failed. */
    private static TaskBody receiveFailingInto(UdpSocket socket, List<Throwable> failures) {
        return () -> {
            try {
                socket.receive(100);
            } catch (IOException e) {
                failures.add(e);
            }
        };
    }

    /**
     * Inside a task: starts a task that catches its removal and goes on with {@code then} (the
     * anti-pattern), removes it, and waits until the loop has dropped it at its next wait.
     */
    private static void dropAfterItSwallowsItsRemoval(TaskBody then) {
        Task stubborn = Copas.scheduler().add("stubborn", () -> {
            try {
                Copas.pauseForever();
            } catch (TaskRemovedError swallowed) {
                // goes on regardless
            }
            then.run();
        });
        pauseUntil(() -> stubborn.state() == TaskState.SUSPENDED, LIMIT, "the stubborn task to wait");
        Copas.scheduler().remove(stubborn);
        pauseUntil(stubborn::isDone, LIMIT, "the stubborn task to be dropped");
    }

    /** Sends each of {@code datagrams} to {@code target}'s port on the loopback address. */
    private static void sendTo(UdpSocket target, String... datagrams) throws IOException {
        try (UdpSocket sender = Copas.scheduler().udp()) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", ((InetSocketAddress) target.localAddress()).getPort());
            for (String datagram : datagrams) {
                sender.sendTo(datagram.getBytes(StandardCharsets.US_ASCII), to);
            }
        }
    }

    @Test
    void tasksReceivingOnOneUdpSocketAreServedInTurnFirstComeFirst() throws Exception {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        onLoop(() -> {
            try (UdpSocket shared = Copas.scheduler().udp()) {
                List<Task> workers = lineUp(List.of("first", "second", "third"), TaskState.READING,
                        receiveInto(shared, got));
                assertEquals(3, Copas.scheduler().status().read(), "three tasks wait to read");
                sendTo(shared, "a", "b", "c");
                pauseUntil(() -> workers.stream().allMatch(Task::isDone), LIMIT, "every worker to receive");
            }
        });
        assertEquals(List.of("first:a", "second:b", "third:c"), got);
    }

    @Test
    void twoTasksSendingOnOneTcpSocketNeverInterleaveTheirBytes() throws Exception {
        int size = 4 * 1024 * 1024; // far more than the socket buffers hold: the first send waits
        byte[] first = new byte[size];
        byte[] second = new byte[size];
        Arrays.fill(first, (byte) 'a');
        Arrays.fill(second, (byte) 'b');
        AtomicReference<byte[]> received = new AtomicReference<>();
        AtomicBoolean bothInLine = new AtomicBoolean();
        TestSockets.converse(
                socket -> {
                    pauseUntil(bothInLine::get, LIMIT, "both senders to wait"); // until then nothing is read
                    socket.setReceiveLimit(4 * size);
                    received.set(socket.receive(ReceivePattern.ALL));
                },
                socket -> {
                    socket.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
                    List<Task> senders = lineUp(List.of("sender-a", "sender-b"), TaskState.WRITING,
                            name -> () -> socket.send(name.endsWith("a") ? first : second));
                    assertEquals(2, Copas.scheduler().status().write(), "two tasks wait to write");
                    bothInLine.set(true);
                    pauseUntil(() -> senders.stream().allMatch(Task::isDone), LIMIT, "both sends");
                    socket.close();
                });
        byte[] expected = new byte[2 * size];
        System.arraycopy(first, 0, expected, 0, size);
        System.arraycopy(second, 0, expected, size, size);
        assertArrayEquals(expected, received.get(), "the second send starts after the whole first one");
    }

    @Test
    void tasksReceivingLinesOnOneTcpSocketTakeWholeLinesInTurn() throws Exception {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        TestSockets.converse(
                socket -> {
                    socket.receive(ReceivePattern.LINE); // "go": the readers are in line
                    socket.send("one\ntwo\nthree\n".getBytes(StandardCharsets.US_ASCII));
                    socket.receive(ReceivePattern.LINE); // "done"
                },
                socket -> {
                    List<Task> readers = lineUp(List.of("r1", "r2", "r3"), TaskState.READING, name -> () -> got.add(
                            name + ":" + new String(socket.receive(ReceivePattern.LINE), StandardCharsets.US_ASCII)));
                    socket.send("go\n".getBytes(StandardCharsets.US_ASCII));
                    // the first takes all three lines into the buffer; the others find theirs there
                    pauseUntil(() -> readers.stream().allMatch(Task::isDone), LIMIT, "every reader");
                    socket.send("done\n".getBytes(StandardCharsets.US_ASCII));
                });
        assertEquals(List.of("r1:one", "r2:two", "r3:three"), got);
    }

    @Test
    void aTaskWaitingInLineTimesOutByItsOwnTimeout() throws Exception {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        onLoop(() -> {
            try (UdpSocket shared = Copas.scheduler().udp()) {
                Task holder = lineUp(List.of("holder"), TaskState.READING, name -> () -> {
                    try {
                        shared.receive(100); // waits for ever
                    } catch (TransferClosedException expected) {
                        // the close at the end
                    }
                }).getFirst();
                shared.setTimeout(Duration.ofMillis(50));
                Task second = Copas.scheduler().add("second", receiveFailingInto(shared, failures));
                pauseUntil(second::isDone, LIMIT, "the second to time out");
                assertEquals(TaskState.READING, holder.state(), "the holder still waits");
            }
        });
        assertEquals(1, failures.size());
        assertInstanceOf(TransferTimeoutException.class, failures.getFirst());
    }

    @Test
    void closeWakesTheTasksWaitingInLine() throws Exception {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        onLoop(() -> {
            UdpSocket shared = Copas.scheduler().udp();
            List<Task> waiting = lineUp(List.of("w1", "w2", "w3"), TaskState.READING,
                    name -> receiveFailingInto(shared, failures));
            shared.close();
            pauseUntil(() -> waiting.stream().allMatch(Task::isDone), LIMIT, "the waiters to end");
            assertEquals(0, Copas.scheduler().status().read());
        });
        assertEquals(3, failures.size());
        failures.forEach(e -> assertInstanceOf(TransferClosedException.class, e));
    }

    @Test
    void aTaskRemovedWhileInLineLeavesItAndTheNextOneIsServed() throws Exception {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        onLoop(() -> {
            try (UdpSocket shared = Copas.scheduler().udp()) {
                List<Task> waiting = lineUp(List.of("first", "removed", "last"), TaskState.READING,
                        receiveInto(shared, got));
                Copas.scheduler().remove(waiting.get(1));
                assertEquals(2, Copas.scheduler().status().read());
                sendTo(shared, "x", "y");
                pauseUntil(() -> waiting.stream().allMatch(Task::isDone), LIMIT, "the others");
            }
        });
        assertEquals(List.of("first:x", "last:y"), got);
    }

    @Test
    void aTurnHandedToATaskRemovedBeforeItRanPassesToTheNextInLine() throws Exception {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        onLoop(() -> {
            try (UdpSocket shared = Copas.scheduler().udp()) {
                AtomicReference<Task> handedTo = new AtomicReference<>();
                List<Task> waiting = lineUp(List.of("first", "handed-to", "last"), TaskState.READING, name -> () -> {
                    got.add(name + ":" + new String(shared.receive(100), StandardCharsets.US_ASCII));
                    if (name.equals("first")) {
                        Copas.scheduler().remove(handedTo.get()); // its turn was just handed over; it has not run
                    }
                });
                handedTo.set(waiting.get(1));
                sendTo(shared, "x");
                pauseUntil(() -> waiting.get(0).isDone() && waiting.get(1).isDone(), LIMIT, "first and the removed one");
                sendTo(shared, "y");
                pauseUntil(() -> waiting.get(2).isDone(), LIMIT, "the last one to be served");
            }
        });
        assertEquals(List.of("first:x", "last:y"), got);
    }

    @Test
    void aTaskDroppedWhileHoldingATurnHandsItOnWhenItEnds() throws Exception {
        int lines = 4000; // more than a removed task's I/O allowance: its receives never wait
        AtomicReference<String> served = new AtomicReference<>();
        TestSockets.converse(
                socket -> {
                    socket.send("q\n".repeat(lines).concat("after\n").getBytes(StandardCharsets.US_ASCII));
                    try {
                        socket.receive(ReceivePattern.LINE); // nothing comes: until the client closes
                    } catch (TransferClosedException expected) {
                        // the client's close
                    }
                },
                socket -> {
                    socket.receive(ReceivePattern.LINE); // the lines are here
                    dropAfterItSwallowsItsRemoval(() -> {
                        while (true) {
                            socket.receive(ReceivePattern.LINE); // holds the turn when its I/O budget makes it yield
                        }
                    });
                    socket.setTimeout(LIMIT);
                    String line;
                    do {
                        line = new String(socket.receive(ReceivePattern.LINE), StandardCharsets.US_ASCII); // waited for ever
                    } while (!line.equals("after"));
                    served.set(line);
                });
        assertEquals("after", served.get());
    }

    @Test
    void aTaskDroppedWhileJoiningALineLeavesTheSharedSocketOpen() throws Exception {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        onLoop(() -> {
            try (UdpSocket shared = Copas.scheduler().udp()) {
                List<Task> holder = lineUp(List.of("holder"), TaskState.READING, receiveInto(shared, got));
                dropAfterItSwallowsItsRemoval(() -> shared.receive(100)); // dropped as it joins the line
                assertFalse(shared.isClosed(), "the socket another task waits on stays open");
                sendTo(shared, "x");
                pauseUntil(holder.getFirst()::isDone, LIMIT, "the holder to receive");
            }
        });
        assertEquals(List.of("holder:x"), got);
    }

    @Test
    void aTaskDroppedInTheMiddleOfASendClosesTheStreamThoughAnotherTaskUsesIt() throws Exception {
        int size = 4 * 1024 * 1024; // far more than the socket buffers hold: the send waits halfway
        AtomicReference<byte[]> received = new AtomicReference<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        TestSockets.converse(
                socket -> {
                    socket.setReceiveLimit(2 * size);
                    received.set(socket.receive(ReceivePattern.ALL));
                },
                socket -> {
                    socket.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
                    Task receiver = lineUp(List.of("receiver"), TaskState.READING, name -> () -> {
                        try {
                            socket.receive(ReceivePattern.LINE); // the server sends nothing
                        } catch (TransferClosedException e) {
                            failures.add(e);
                        }
                    }).getFirst();
                    byte[] big = new byte[size];
                    Arrays.fill(big, (byte) 'a');
                    dropAfterItSwallowsItsRemoval(() -> socket.send(big)); // dropped halfway, at its first wait
                    pauseUntil(receiver::isDone, LIMIT, "the receiver to learn of the close");
                    assertTrue(socket.isClosed(), "no other task's bytes may follow a half-sent message");
                });
        assertEquals(1, failures.size());
        assertACutOffRunOfA(received.get(), size);
    }

    @Test
    void aTaskDroppedBetweenWholeSendsLeavesTheSharedStreamOpen() throws Exception {
        droppedBetweenWholeSendsLeavesTheStreamOpen(socket -> socket.send("x\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aTaskDroppedBetweenWholeHeapBufferSendsLeavesTheSharedStreamOpen() throws Exception {
        droppedBetweenWholeSendsLeavesTheStreamOpen(
                socket -> socket.send(ByteBuffer.wrap("x\n".getBytes(StandardCharsets.US_ASCII))));
    }

    /** A task that swallowed its removal sends whole lines with {@code send} until its I/O budget drops it. */
    private static void droppedBetweenWholeSendsLeavesTheStreamOpen(ConnectionHandler send) throws Exception {
        AtomicBoolean dropped = new AtomicBoolean();
        AtomicReference<String> got = new AtomicReference<>();
        TestSockets.converse(
                socket -> {
                    socket.setReceiveLimit(1024 * 1024);
                    pauseUntil(dropped::get, LIMIT, "the stubborn sender to be dropped");
                    socket.send("hello\n".getBytes(StandardCharsets.US_ASCII));
                    socket.receive(ReceivePattern.ALL); // the stubborn task's lines, until the client closes
                },
                socket -> {
                    Task receiver = lineUp(List.of("receiver"), TaskState.READING, name -> () ->
                            got.set(new String(socket.receive(ReceivePattern.LINE), StandardCharsets.US_ASCII))).getFirst();
                    dropAfterItSwallowsItsRemoval(() -> {
                        while (true) {
                            send.handle(socket); // whole: its I/O budget drops it between two
                        }
                    });
                    dropped.set(true);
                    pauseUntil(receiver::isDone, LIMIT, "the receiver to get its line");
                });
        assertEquals("hello", got.get());
    }

    @Test
    void aTaskRemovedHalfwayThroughASendClosesTheStreamBeforeAnotherSendFollows() throws Exception {
        int size = 4 * 1024 * 1024; // far more than the socket buffers hold: the send waits halfway
        AtomicBoolean bothDone = new AtomicBoolean();
        AtomicReference<byte[]> received = new AtomicReference<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        TestSockets.converse(
                socket -> {
                    pauseUntil(bothDone::get, LIMIT, "both senders to end"); // nothing read until then
                    socket.setReceiveLimit(2 * size);
                    received.set(socket.receive(ReceivePattern.ALL));
                },
                socket -> {
                    socket.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
                    byte[] big = new byte[size];
                    Arrays.fill(big, (byte) 'a');
                    List<Task> senders = lineUp(List.of("sender-a", "sender-b"), TaskState.WRITING, name -> () -> {
                        try {
                            socket.send(name.endsWith("a") ? big : "bbbb".getBytes(StandardCharsets.US_ASCII));
                        } catch (TransferClosedException e) {
                            failures.add(e);
                        }
                    });
                    Copas.scheduler().remove(senders.getFirst()); // halfway through its message
                    pauseUntil(() -> senders.stream().allMatch(Task::isDone), LIMIT, "both senders");
                    bothDone.set(true);
                    assertTrue(socket.isClosed(), "the second send must not follow half a message");
                });
        assertEquals(1, failures.size(), "the second sender learns of the close");
        assertACutOffRunOfA(received.get(), size);
    }

    /** Fails unless {@code got} is fewer than {@code size} bytes, all 'a': a send cut off, nothing after it. */
    private static void assertACutOffRunOfA(byte[] got, int size) {
        assertTrue(got.length < size, "the send was cut off: " + got.length);
        for (byte b : got) {
            assertEquals('a', b);
        }
    }

    @Test
    void aReceiveWithAZeroTimeoutDoesNotWaitInLine() throws Exception {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        onLoop(() -> {
            try (UdpSocket shared = Copas.scheduler().udp()) {
                lineUp(List.of("holder"), TaskState.READING, name -> receiveFailingInto(shared, failures));
                shared.setTimeout(Duration.ZERO);
                receiveFailingInto(shared, failures).run();
                assertEquals(1, Copas.scheduler().status().read(), "only the holder waits");
                assertEquals(1, failures.size());
                assertInstanceOf(TransferTimeoutException.class, failures.getFirst());
            }
        });
    }

    @Test
    void aSendWaitsForAConnectInProgressOnTheSameSocket() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel listener = TestSockets.listen()) {
            List<Throwable> errors = collectErrors(scheduler);
            AtomicReference<byte[]> received = new AtomicReference<>();
            Server server = scheduler.addServer(listener, socket -> received.set(socket.receive(ReceivePattern.LINE)));
            scheduler.add("main", () -> {
                try (TcpSocket client = Copas.scheduler().tcp()) {
                    Task connector = Copas.scheduler().add("connector", () -> client.connect(listener.getLocalAddress()));
                    Task sender = Copas.scheduler().add("sender", () -> client.send("hello\n".getBytes(StandardCharsets.US_ASCII)));
                    pauseUntil(() -> connector.isDone() && sender.isDone(), LIMIT, "connect and send");
                    pauseUntil(() -> received.get() != null, LIMIT, "the server to receive");
                }
                Copas.scheduler().removeServer(server, false);
            });
            scheduler.loop();
            assertNoTaskErrors(errors);
            assertEquals("hello", new String(received.get(), StandardCharsets.US_ASCII));
        }
    }
}
