package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A receive that follows a send on a drained socket waits for readiness without trying the
 * socket first (the answer needs a round trip). These tests pin down that it still returns
 * what has already arrived: at once with a zero timeout, which never waits, and through the
 * selector otherwise, on every receive form.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReceiveAfterSendTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void zeroTimeoutReceiveAfterASendFindsTheAnswerAlreadyThere() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>();
        conversationWithAnswerAlreadyThere(server -> {
            server.setTimeout(Duration.ZERO);
            answer.set(server.receiveLine());
        });
        assertEquals("b", answer.get());
    }

    @Test
    void receiveAfterASendReturnsTheAnswerThatArrivedMeanwhile() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>();
        conversationWithAnswerAlreadyThere(server -> answer.set(server.receiveLine()));
        assertEquals("b", answer.get());
    }

    @Test
    void bufferReceiveAfterASendReturnsTheAnswerThatArrivedMeanwhile() throws Exception {
        AtomicInteger received = new AtomicInteger(-2);
        conversationWithAnswerAlreadyThere(server -> received.set(server.receivePartial(ByteBuffer.allocateDirect(16))));
        assertEquals(2, received.get()); // "b\n"
    }

    @Test
    void endOfStreamAfterASendIsReportedByTheReceive() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        TestSockets.converse(server -> {
            assertEquals("a", server.receiveLine());
            server.send("x\n");
            try {
                server.receiveLine();
            } catch (TransferClosedException e) {
                failure.set(e);
            }
        }, client -> {
            client.send("a\n");
            assertEquals("x", client.receiveLine());
            client.shutdown(ShutdownMode.SEND);
        });
        assertTrue(failure.get() instanceof TransferClosedException, () -> "receive ended with " + failure.get());
    }

    /**
     * The server side receives "a" (draining its socket), sends "x" and suspends; the client
     * answers "b" and only then wakes it, so "b" is in the server's socket before its next
     * receive, which {@code afterAnswer} makes.
     */
    private static void conversationWithAnswerAlreadyThere(ConnectionHandler afterAnswer) throws Exception {
        AtomicReference<Task> serverTask = new AtomicReference<>();
        TestSockets.converse(server -> {
            serverTask.set(Copas.current());
            assertEquals("a", server.receiveLine());
            server.send("x\n");
            assertTrue(Copas.suspend(LIMIT), "the client never woke the server side");
            afterAnswer.handle(server);
        }, client -> {
            client.send("a\n");
            assertEquals("x", client.receiveLine());
            client.send("b\n"); // on loopback the bytes are in the peer's socket when send returns
            Copas.wakeup(serverTask.get());
        });
    }
}
