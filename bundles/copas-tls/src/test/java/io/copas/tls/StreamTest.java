package io.copas.tls;

import static io.copas.tls.TlsHarness.pauseUntil;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Copas;
import io.copas.core.ReceivePattern;
import io.copas.core.ShutdownMode;
import io.copas.core.Task;
import io.copas.core.TaskBody;
import io.copas.core.TaskRemovedError;
import io.copas.core.TaskState;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Receive patterns, partial receives, timeouts and close behave as on plain sockets. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamTest {

    private static final Duration T = Duration.ofSeconds(10);
    private final TestPki pki = TestPki.get();

    private TlsParameters server() {
        return TestPki.server(pki.serverA).build();
    }

    private TlsSocket connect(int port) throws java.io.IOException {
        return Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * A server that sends {@code greeting}, reads nothing until {@code bothInLine} (so the client's
     * first send waits for room and the second one in line), then receives both sends whole.
     */
    private static TlsConnectionHandler receiveTwoSendsOnceInLine(String greeting, AtomicBoolean bothInLine,
            AtomicReference<byte[]> received, int size) {
        return tls -> {
            if (!greeting.isEmpty()) {
                tls.send(greeting);
            }
            pauseUntil(bothInLine::get, T, "both senders to wait");
            tls.setReceiveLimit(4 * size);
            received.set(tls.receive(ReceivePattern.bytes(2 * size)));
        };
    }

    /** Fails unless {@code all} is {@code size} bytes 'a' then the 'b's: two sends did not interleave. */
    private static void assertAllOfAThenAllOfB(byte[] all, int size) {
        for (int i = 0; i < all.length; i++) {
            if (all[i] != (i < size ? 'a' : 'b')) {
                throw new AssertionError("the sends interleave at byte " + i);
            }
        }
    }

    @Test
    void receivePatternsWorkAsOnPlainSockets() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                tls.send("line one\r\nline two\n0123456789");
                tls.send("tail ");
                tls.send("data");
                // returning closes with close_notify
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    assertEquals("line one", tls.receiveLine());
                    assertEquals("line two", text(tls.receive(ReceivePattern.LINE)));
                    assertEquals("0123", text(tls.receive(4)));
                    assertEquals("x45678", text(tls.receive(ReceivePattern.bytes(6), "x".getBytes())), "the count includes the prefix");
                    assertEquals(">9tail data", text(tls.receive(ReceivePattern.ALL, ">".getBytes())));
                    TransferClosedException e = assertThrows(TransferClosedException.class, () -> tls.receive(ReceivePattern.LINE));
                    assertEquals(0, e.partialData().length);
                    assertTrue(e.getMessage().contains("close_notify"), e.getMessage());
                    assertNull(e.getCause(), "a close_notify is a clean end");
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void receivePartialReturnsWhatIsThere() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                tls.send("abc");
                assertEquals("go", tls.receiveLine());
                tls.send("defgh");
                assertEquals("end", tls.receiveLine());
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    assertEquals("abc", text(tls.receivePartial(ReceivePattern.bytes(100), null)));
                    tls.send("go\n");
                    assertEquals("de", text(tls.receivePartial(ReceivePattern.bytes(2), null)));
                    assertEquals("+fgh", text(tls.receivePartial(ReceivePattern.LINE, "+".getBytes())));
                    tls.send("end\n");
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void receiveTimeoutKeepsThePartialData() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                tls.send("partial");
                assertEquals("more", tls.receiveLine());
                tls.send(" rest\n");
                assertEquals("end", tls.receiveLine());
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    tls.setTimeouts(null, null, Duration.ofMillis(200));
                    long start = System.nanoTime();
                    TransferTimeoutException e = assertThrows(TransferTimeoutException.class, tls::receiveLine);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(ms >= 150 && ms < 5_000, "timed out after " + ms + " ms");
                    assertEquals("partial", text(e.partialData()));
                    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
                    tls.setTimeout(T);
                    tls.send("more\n");
                    assertEquals("partial rest", text(tls.receive(ReceivePattern.LINE, e.partialData())));
                    tls.send("end\n");
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void sendTimeoutTellsHowFarItGot() throws Exception {
        AtomicBoolean clientDone = new AtomicBoolean();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> pauseUntil(clientDone::get, T, "the client")); // never reads
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    tls.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
                    tls.setTimeouts(null, Duration.ofMillis(300), null);
                    byte[] big = new byte[32 * 1024 * 1024];
                    TransferTimeoutException e = assertThrows(TransferTimeoutException.class, () -> tls.send(big));
                    assertTrue(e.lastIndex() > 0 && e.lastIndex() < big.length, "lastIndex " + e.lastIndex());
                } finally {
                    clientDone.set(true);
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void closeSendsCloseNotifyBothWays() throws Exception {
        AtomicReference<String> serverGot = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                serverGot.set(text(tls.receive(ReceivePattern.ALL))); // ends cleanly at the client's close_notify
                tls.send("still sending after your close_notify\n"); // TLS 1.3 half close
            });
            int port = h.port();
            h.client("client", () -> {
                TlsSocket tls = connect(port);
                tls.send("bye");
                tls.shutdown(ShutdownMode.SEND);
                assertEquals("still sending after your close_notify", tls.receiveLine());
                TransferClosedException e = assertThrows(TransferClosedException.class, () -> tls.receive(1));
                assertNull(e.getCause());
                tls.close();
                tls.close(); // twice does nothing
            }).run();
            h.assertNoErrors();
        }
        assertEquals("bye", serverGot.get());
    }

    @Test
    void aTls12ServerAnswersTheClientsCloseNotifyWithItsOwn() throws Exception {
        // TLS 1.2: the answer to the client's close_notify was queued for a background send, and the
        // handler's end closed the connection before it went: Python's unwrap() and openssl saw an
        // end without close_notify ("unexpected eof")
        AtomicReference<String> serverGot = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).protocols("TLSv1.2").build(), tls -> {
                try {
                    tls.receiveLine();
                } catch (TransferClosedException end) { // the handler ends normally: its socket is closed in order
                    serverGot.set(end.getMessage());
                }
            });
            int port = h.port();
            java.util.concurrent.CompletableFuture<Boolean> answered = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (EngineClient client = new EngineClient(TestPki.client(pki.rootA.certificate()).build().sslContext(),
                        "TLSv1.2", port)) {
                    return client.closeAndSeeTheAnswer();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            h.client("waiter", () -> pauseUntil(answered::isDone, T, "the engine client")).run(); // runs the server's loop
            h.assertNoErrors();
            assertTrue(answered.get(), "the server's close_notify came before its TCP end");
        }
        assertTrue(serverGot.get().endsWith("(close_notify)"), serverGot.get());
    }

    @Test
    void aTls12ServerAnswersARequestThatCameWithTheClientsCloseNotify() throws Exception {
        // the request and the close_notify came in one read; every record was unwrapped at once, the
        // close_notify closed the engine's sending side (TLS 1.2), and the handler's answer failed with
        // "closed for sending" (printf 'GET ...' | openssl s_client -tls1_2 got nothing back)
        try (TlsHarness h = new TlsHarness()) {
            h.serve(TestPki.server(pki.serverA).protocols("TLSv1.2").build(), tls -> {
                tls.send("answer to " + tls.receiveLine() + "\n");
                assertThrows(TransferClosedException.class, tls::receiveLine); // then the clean end
            });
            int port = h.port();
            java.util.concurrent.CompletableFuture<String> answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (EngineClient client = new EngineClient(TestPki.client(pki.rootA.certificate()).build().sslContext(),
                        "TLSv1.2", port)) {
                    return client.sendWithCloseAndReadTheAnswer("question\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            h.client("waiter", () -> pauseUntil(answer::isDone, T, "the engine client")).run(); // runs the server's loop
            h.assertNoErrors();
            assertEquals("answer to question\n", answer.get(), "the answer, then the server's close_notify");
        }
    }

    @Test
    void closeFromATimeoutCallbackStillSendsCloseNotify() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                tls.send("session over soon");
                // bound the session the upstream way: a timeout callback closes it, on the loop
                io.copas.core.Copas.timeout(java.time.Duration.ofMillis(50), task -> tls.close());
                io.copas.core.Copas.pauseForever();
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    assertEquals("session over soon", text(tls.receive(ReceivePattern.ALL))); // a clean end
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void hangingUpWithoutCloseNotifyIsReportedAsPossibleTruncation() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                tls.send("cut here");
                tls.plainSocket().close(); // no close_notify
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    TransferClosedException e = assertThrows(TransferClosedException.class, () -> tls.receive(ReceivePattern.ALL));
                    assertEquals("cut here", text(e.partialData()));
                    assertInstanceOf(SSLException.class, e.getCause());
                    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
                }
            }).run();
            h.assertNoErrors();
        }
    }

    @Test
    void secondCloseFromAnotherThreadStillSendsCloseNotify() throws Exception {
        AtomicReference<String> serverGot = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> serverGot.set(text(tls.receive(ReceivePattern.ALL)))); // clean only with close_notify
            int port = h.port();
            h.client("client", () -> {
                TlsSocket tls = connect(port);
                tls.send("all of it");
                // two closes from another thread while this scheduler is held (a blocking call in a task):
                // the first hands the close to a task, the second must not cut it short
                Thread closer = Thread.ofPlatform().start(() -> {
                    tls.close();
                    tls.close();
                });
                closer.join();
                assertTrue(tls.isClosed(), "closed for its users at once");
            }).run();
            h.assertNoErrors();
            h.assertClean();
        }
        assertEquals("all of it", serverGot.get());
    }

    @Test
    void receiverWokenByCloseKeepsItsPartialData() throws Exception {
        AtomicBoolean clientDone = new AtomicBoolean();
        AtomicReference<Throwable> woken = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                tls.send("xabc"); // one record, no end of line
                pauseUntil(clientDone::get, T, "the client");
            });
            int port = h.port();
            h.client("client", () -> {
                try {
                    TlsSocket tls = connect(port);
                    AtomicBoolean firstByte = new AtomicBoolean();
                    Task reader = Copas.scheduler().add("reader", () -> {
                        assertEquals("x", text(tls.receive(1))); // the whole record is decrypted: "abc" is buffered
                        firstByte.set(true);
                        woken.set(assertThrows(TransferClosedException.class, tls::receiveLine));
                    });
                    pauseUntil(firstByte::get, T, "the first byte");
                    tls.close();
                    pauseUntil(reader::isDone, T, "the reader to wake");
                } finally {
                    clientDone.set(true);
                }
            }).run();
            h.assertNoErrors();
            h.assertClean();
        }
        assertEquals("abc", text(((TransferClosedException) woken.get()).partialData()));
    }

    @Test
    void closeWakesABlockedReaderAtOnce() throws Exception {
        AtomicBoolean clientDone = new AtomicBoolean();
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        AtomicReference<Throwable> inLineFailure = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> pauseUntil(clientDone::get, T, "the client"));
            int port = h.port();
            h.client("client", () -> {
                try {
                    TlsSocket tls = connect(port);
                    Task reader = Copas.scheduler().add("reader", () -> {
                        try {
                            tls.receiveLine();
                        } catch (Throwable e) {
                            readFailure.set(e);
                        }
                    });
                    pauseUntil(() -> reader.state() == TaskState.READING, T, "the reader to block");
                    Task inLine = Copas.scheduler().add("in-line", () -> { // one receiving task at a time: waits its turn
                        try {
                            tls.receiveLine();
                        } catch (Throwable e) {
                            inLineFailure.set(e);
                        }
                    });
                    pauseUntil(() -> inLine.state() == TaskState.SUSPENDED, T, "the second reader to wait in line");
                    long start = System.nanoTime();
                    tls.close();
                    pauseUntil(() -> reader.isDone() && inLine.isDone(), T, "the readers to wake");
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(ms < 2_000, "woke after " + ms + " ms");
                } finally {
                    clientDone.set(true);
                }
            }).run();
            h.assertNoErrors();
            h.assertClean();
        }
        assertInstanceOf(TransferClosedException.class, readFailure.get());
        assertInstanceOf(TransferClosedException.class, inLineFailure.get());
    }

    @Test
    void tasksSendingAndReceivingOnOneTlsSocketAreServedInTurn() throws Exception {
        int size = 2 * 1024 * 1024; // more than the buffers hold: the first send waits for the reader
        AtomicBoolean bothInLine = new AtomicBoolean();
        AtomicReference<byte[]> received = new AtomicReference<>();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), receiveTwoSendsOnceInLine("one\ntwo\n", bothInLine, received, size));
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    tls.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
                    Task r1 = Copas.scheduler().add("r1", () -> lines.add("r1:" + tls.receiveLine()));
                    Task r2 = Copas.scheduler().add("r2", () -> lines.add("r2:" + tls.receiveLine()));
                    byte[] a = new byte[size];
                    byte[] b = new byte[size];
                    Arrays.fill(a, (byte) 'a');
                    Arrays.fill(b, (byte) 'b');
                    Task first = Copas.scheduler().add("sender-a", () -> tls.send(a));
                    pauseUntil(() -> first.state() == TaskState.WRITING, T, "the first sender to wait for room");
                    Task second = Copas.scheduler().add("sender-b", () -> tls.send(b));
                    pauseUntil(() -> second.state() == TaskState.SUSPENDED, T, "the second sender to wait in line");
                    bothInLine.set(true);
                    pauseUntil(() -> first.isDone() && second.isDone() && r1.isDone() && r2.isDone(), T, "everyone");
                    pauseUntil(() -> received.get() != null, T, "the server to receive");
                }
            }).run();
            h.assertNoErrors();
        }
        assertEquals(List.of("r1:one", "r2:two"), lines);
        assertAllOfAThenAllOfB(received.get(), size);
    }

    @Test
    void aReceiverWaitingInLineTimesOutByItsOwnTimeoutKeepingItsPrefix() throws Exception {
        AtomicBoolean clientDone = new AtomicBoolean();
        AtomicReference<Throwable> inLineFailure = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> pauseUntil(clientDone::get, T, "the client")); // sends nothing
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    Task holder = Copas.scheduler().add("holder", () -> {
                        try {
                            tls.receiveLine(); // until the close, or a timeout after a session ticket woke it
                        } catch (TransferClosedException | TransferTimeoutException expected) {
                            // either is fine: what is tested is the task in line
                        }
                    });
                    pauseUntil(() -> holder.state() == TaskState.READING, T, "the holder to wait");
                    tls.setTimeout(Duration.ofMillis(50));
                    Task inLine = Copas.scheduler().add("in-line", () -> {
                        try {
                            tls.receive(ReceivePattern.LINE, "pre".getBytes(StandardCharsets.UTF_8));
                        } catch (Throwable e) {
                            inLineFailure.set(e);
                        }
                    });
                    pauseUntil(inLine::isDone, T, "the task in line to time out");
                } finally {
                    clientDone.set(true);
                }
            }).run();
            h.assertNoErrors();
        }
        TransferTimeoutException e = assertInstanceOf(TransferTimeoutException.class, inLineFailure.get());
        assertEquals("pre", text(e.partialData()), "whether it timed out in line or after the holder did");
    }

    @Test
    void aDirectBufferSendIsOneTurnNoOtherSendComesBetweenItsChunks() throws Exception {
        int size = 2 * 1024 * 1024; // more than the buffers hold, and many of the chunks a direct buffer is sent in
        AtomicBoolean bothInLine = new AtomicBoolean();
        AtomicReference<byte[]> received = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), receiveTwoSendsOnceInLine("", bothInLine, received, size));
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    tls.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
                    ByteBuffer direct = ByteBuffer.allocateDirect(size);
                    while (direct.hasRemaining()) {
                        direct.put((byte) 'a');
                    }
                    direct.flip();
                    byte[] b = new byte[size];
                    Arrays.fill(b, (byte) 'b');
                    Task first = Copas.scheduler().add("sender-a", () -> tls.send(direct));
                    pauseUntil(() -> first.state() == TaskState.WRITING, T, "the first sender to wait for room");
                    Task second = Copas.scheduler().add("sender-b", () -> tls.send(b));
                    pauseUntil(() -> second.state() == TaskState.SUSPENDED, T, "the second sender to wait in line");
                    bothInLine.set(true);
                    pauseUntil(() -> first.isDone() && second.isDone(), T, "both sends");
                    pauseUntil(() -> received.get() != null, T, "the server to receive");
                }
            }).run();
            h.assertNoErrors();
        }
        assertAllOfAThenAllOfB(received.get(), size);
    }

    @Test
    void aTaskInLineTimesOutOnceThoughProgressOnTheSocketKeepsWakingIt() throws Exception {
        int ticks = 150; // a send every 20 ms: some 3 s, far beyond the 200 ms in line
        AtomicBoolean clientDone = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger sentWhenItTimedOut = new AtomicInteger(-1);
        AtomicReference<Throwable> inLineFailure = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                tls.send("ready\n");
                pauseUntil(clientDone::get, T, "the client"); // then sends nothing: the holder waits until the close
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    assertEquals("ready", tls.receiveLine()); // after the session tickets: nothing else wakes the holder
                    Task holder = Copas.scheduler().add("holder", () -> {
                        try {
                            tls.receiveLine();
                        } catch (TransferClosedException | TransferTimeoutException expected) {
                            // the close at the end; or a timeout after a stray wake-up: what is tested is the task in line
                        }
                    });
                    pauseUntil(() -> holder.state() == TaskState.READING, T, "the holder to wait");
                    tls.setTimeouts(null, null, Duration.ofMillis(200)); // the holder's wait began without one
                    Task ticker = Copas.scheduler().add("ticker", () -> {
                        for (int i = 0; i < ticks; i++) {
                            tls.send("x"); // every flush wakes the tasks waiting on the socket
                            sent.incrementAndGet();
                            Copas.pause(Duration.ofMillis(20));
                        }
                    });
                    Task inLine = Copas.scheduler().add("in-line", () -> {
                        try {
                            tls.receiveLine();
                        } catch (Throwable e) {
                            sentWhenItTimedOut.set(sent.get());
                            inLineFailure.set(e);
                        }
                    });
                    pauseUntil(inLine::isDone, T, "the task in line to time out");
                    pauseUntil(ticker::isDone, T, "the ticker");
                } finally {
                    clientDone.set(true);
                }
            }).run();
            h.assertNoErrors();
        }
        assertInstanceOf(TransferTimeoutException.class, inLineFailure.get());
        assertTrue(sentWhenItTimedOut.get() < ticks,
                "timed out while the socket made progress, not only once it went quiet: " + sentWhenItTimedOut.get());
    }

    @Test
    void aTaskThatSwallowedItsRemovalDoesNotKeepTheTlsTurn() throws Exception {
        AtomicBoolean clientDone = new AtomicBoolean();
        AtomicReference<String> served = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                StringBuilder lines = new StringBuilder("start\n");
                for (int i = 0; i < 200; i++) {
                    lines.append("line ").append(i).append('\n'); // more than a task's budget of receives
                }
                tls.send(lines.toString());
                pauseUntil(clientDone::get, T, "the client");
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    assertEquals("start", tls.receiveLine()); // the lines are here: no receive below waits for them
                    dropAfterItSwallowsItsRemoval(() -> {
                        while (true) {
                            tls.receiveLine(); // takes the turn free; dropped at its next yield, holding it
                        }
                    });
                    tls.setTimeout(T);
                    served.set(tls.receiveLine()); // waited for ever behind the dropped task
                } finally {
                    clientDone.set(true);
                }
            }).run();
            h.assertNoErrors();
        }
        assertTrue(served.get().startsWith("line "), served.get());
    }

    @Test
    void aSenderWaitingForRoomGetsTransferClosedWhenAnotherTaskCloses() throws Exception {
        AtomicBoolean clientDone = new AtomicBoolean();
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> pauseUntil(clientDone::get, T, "the client")); // reads nothing
            int port = h.port();
            h.client("client", () -> {
                try {
                    TlsSocket tls = connect(port);
                    tls.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
                    Task sender = Copas.scheduler().add("sender", () -> {
                        try {
                            tls.send(new byte[16 * 1024 * 1024]);
                        } catch (Throwable e) {
                            sendFailure.set(e);
                        }
                    });
                    pauseUntil(() -> sender.state() == TaskState.WRITING, T, "the sender to wait for room");
                    tls.close(); // clears the records the sender was sending
                    pauseUntil(sender::isDone, T, "the sender to learn of the close");
                    assertThrows(TransferClosedException.class, () -> tls.shutdown(ShutdownMode.SEND),
                            "not the plain channel's ClosedChannelException");
                } finally {
                    clientDone.set(true);
                }
            }).run();
            h.assertNoErrors();
        }
        assertInstanceOf(TransferClosedException.class, sendFailure.get()); // was NoSuchElementException
    }

    @Test
    void sendersRemovedAtTheirFairnessYieldsLeaveTheTlsStreamIntact() throws Exception {
        AtomicReference<List<String>> lines = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                List<String> got = new ArrayList<>();
                for (String line = tls.receiveLine(); !line.equals("after"); line = tls.receiveLine()) {
                    got.add(line); // a record sent twice would fail here (bad record MAC)
                }
                lines.set(got);
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    for (int i = 0; i < 10; i++) {
                        AtomicInteger sent = new AtomicInteger();
                        Task sender = Copas.scheduler().add("sender-" + i, () -> {
                            while (true) {
                                tls.send("x\n"); // yields only for fairness, in the plain send or after it
                                sent.incrementAndGet();
                            }
                        });
                        int enough = 100 + 7 * i;
                        pauseUntil(() -> sent.get() >= enough, T, "the sender to send");
                        Copas.scheduler().remove(sender); // wherever it yielded
                        pauseUntil(sender::isDone, T, "the sender to end");
                    }
                    tls.send("after\n");
                    pauseUntil(() -> lines.get() != null, T, "the server to read every line");
                }
            }).run();
            h.assertNoErrors();
        }
        assertTrue(lines.get().stream().allMatch("x"::equals), "every line whole");
    }

    @Test
    void aRemovedTaskFinishesItsFinallyBlockOnATlsSocketWhateverItsBudget() throws Exception {
        int lines = 200; // beyond one fairness budget: a yield would drop the unwinding task before its close
        AtomicReference<byte[]> received = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> received.set(tls.receive(ReceivePattern.ALL))); // fails on an end without close_notify
            int port = h.port();
            h.client("client", () -> {
                TlsSocket tls = connect(port);
                // Nagle on, as before TLS sockets turned it off: 200 records without a yield then share
                // segments, where one segment each could fill the buffers and make the unwinding task wait
                tls.setOption(StandardSocketOptions.TCP_NODELAY, false);
                Task worker = Copas.scheduler().add("worker", () -> {
                    try {
                        Copas.pauseForever();
                    } finally {
                        for (int i = 0; i < lines; i++) {
                            tls.send("x\n");
                        }
                        tls.close();
                    }
                });
                pauseUntil(() -> worker.state() == TaskState.SUSPENDED, T, "the worker to wait");
                Copas.scheduler().remove(worker);
                pauseUntil(worker::isDone, T, "the worker to unwind");
                assertTrue(tls.plainSocket().isClosed(), "its close ran");
                pauseUntil(() -> received.get() != null, T, "the server to see the clean end");
            }).run();
            h.assertNoErrors();
        }
        assertEquals(2 * lines, received.get().length);
    }

    @Test
    void aTaskDroppedWhileReadingRawBytesDoesNotKeepTheRawReadForGood() throws Exception {
        AtomicBoolean dropped = new AtomicBoolean();
        AtomicBoolean clientDone = new AtomicBoolean();
        AtomicReference<String> served = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                pauseUntil(dropped::get, T, "the stubborn reader to be dropped");
                tls.send("hello\n");
                pauseUntil(clientDone::get, T, "the client"); // reads nothing: the big send waits until the close
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    tls.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
                    Task sender = Copas.scheduler().add("sender", () -> {
                        try {
                            tls.send(new byte[16 * 1024 * 1024]); // keeps the plain socket in use: it stays open
                        } catch (TransferClosedException expected) {
                            // the close at the end
                        }
                    });
                    pauseUntil(() -> sender.state() == TaskState.WRITING, T, "the sender to wait for room");
                    dropAfterItSwallowsItsRemoval(tls::receiveLine); // dropped at its raw read's wait
                    dropped.set(true);
                    tls.setTimeout(T);
                    served.set(tls.receiveLine()); // waited for ever for the dropped task's raw read
                } finally {
                    clientDone.set(true);
                }
            }).run();
            h.assertNoErrors();
        }
        assertEquals("hello", served.get());
    }

    @Test
    void aRemovedTaskStillSendsOnATlsSocketFromItsFinallyBlock() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> received.set(tls.receiveLine()));
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    Task worker = Copas.scheduler().add("worker", () -> {
                        try {
                            Copas.pauseForever();
                        } finally {
                            tls.send("bye\n"); // unwinding its removal, as on a plain socket: not a swallowed one
                        }
                    });
                    pauseUntil(() -> worker.state() == TaskState.SUSPENDED, T, "the worker to wait");
                    Copas.scheduler().remove(worker);
                    pauseUntil(() -> received.get() != null, T, "the server to receive the goodbye");
                }
            }).run();
            h.assertNoErrors();
        }
        assertEquals("bye", received.get());
    }

    @Test
    void aTaskWaitingForAnotherTasksHandshakeTimesOutOnceThoughEveryByteWakesIt() throws Exception {
        int drops = 150; // a byte every 20 ms: some 3 s, far beyond the waiter's 200 ms
        AtomicBoolean clientDone = new AtomicBoolean();
        AtomicInteger trickled = new AtomicInteger();
        AtomicInteger trickledWhenItTimedOut = new AtomicInteger(-1);
        AtomicReference<Throwable> waiterFailure = new AtomicReference<>();
        try (TlsHarness h = new TlsHarness()) {
            h.servePlain(plain -> {
                try {
                    plain.send(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00}); // a 16 KiB handshake record that never comes whole
                    for (int i = 0; i < drops && !clientDone.get(); i++) {
                        Copas.pause(Duration.ofMillis(20));
                        plain.send(new byte[] {0});
                        trickled.incrementAndGet();
                    }
                } catch (TransferClosedException clientGone) {
                    return;
                }
                pauseUntil(clientDone::get, T, "the client");
            });
            int port = h.port();
            h.client("client", () -> {
                TcpSocket plain = Copas.scheduler().tcp();
                plain.connect("127.0.0.1", port);
                try (TlsSocket tls = Tls.wrap(plain, TestPki.client(pki.rootA.certificate()).build())) {
                    Task handshaker = Copas.scheduler().add("handshaker", () -> {
                        try {
                            tls.handshake(); // begun without a limit: waits for the record until the close
                        } catch (java.io.IOException expected) {
                            // the close at the end
                        }
                    });
                    pauseUntil(() -> handshaker.state() == TaskState.READING, T, "the handshake to wait for the server");
                    tls.setTimeout(Duration.ofMillis(200));
                    Task waiter = Copas.scheduler().add("waiter", () -> {
                        try {
                            tls.handshake(); // waits for the handshaker; every raw read wakes it
                        } catch (Throwable e) {
                            trickledWhenItTimedOut.set(trickled.get());
                            waiterFailure.set(e);
                        }
                    });
                    pauseUntil(waiter::isDone, T, "the waiter to time out");
                } finally {
                    clientDone.set(true);
                }
            }).run();
            h.assertNoErrors();
        }
        assertInstanceOf(TransferTimeoutException.class, waiterFailure.get());
        assertTrue(trickledWhenItTimedOut.get() < drops,
                "timed out while the handshake made progress, not only once it went quiet: " + trickledWhenItTimedOut.get());
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
        pauseUntil(() -> stubborn.state() == TaskState.SUSPENDED, T, "the stubborn task to wait");
        Copas.scheduler().remove(stubborn);
        pauseUntil(stubborn::isDone, T, "the stubborn task to be dropped");
    }

    @Test
    void operationsOutsideATaskFailFast() throws Exception {
        try (TlsHarness h = new TlsHarness()) {
            TlsSocket tls = Tls.wrap(h.scheduler.tcp(), TlsParameters.defaults());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tls.send("x"));
            assertTrue(e.getMessage().contains("send()"), e.getMessage());
            assertThrows(IllegalStateException.class, tls::handshake);
            assertThrows(IllegalArgumentException.class, () -> tls.send(new byte[2], 1, 0));
            tls.close();
            assertTrue(tls.isClosed());
        }
    }

    @Test
    void receivedLinesAndBytesSurviveManySmallRecords() throws Exception {
        int lines = 5_000;
        try (TlsHarness h = new TlsHarness()) {
            h.serve(server(), tls -> {
                for (int i = 0; i < lines; i++) {
                    tls.send("line " + i + "\n");
                }
            });
            int port = h.port();
            h.client("client", () -> {
                try (TlsSocket tls = connect(port)) {
                    for (int i = 0; i < lines; i++) {
                        assertEquals("line " + i, tls.receiveLine());
                    }
                    assertArrayEquals(new byte[0], tls.receive(0));
                }
            }).run();
            h.assertNoErrors();
        }
    }
}
