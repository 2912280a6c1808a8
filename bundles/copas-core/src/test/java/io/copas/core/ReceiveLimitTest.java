package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that never ends its line (or never closes) costs a bounded amount of memory and linear
 * time: a line or ALL receive fails with a {@link ReceiveLimitException} carrying the data so far,
 * per socket and per scheduler limits apply, and the socket goes on working.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReceiveLimitTest {

    private static final int MIB = 1 << 20;
    /** The most one refill adds: the loop's I/O buffer. */
    private static final int ONE_REFILL = 64 * 1024;

    private static byte[] filled(int n, char c) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    @Test
    void lineLongerThanTheDefaultLimitFailsWithTheDataSoFarAndNothingIsLost() throws Exception {
        int sent = 3 * MIB;
        AtomicInteger partial = new AtomicInteger();
        try (Scheduler scheduler = Scheduler.create()) {
            TestSockets.converse(scheduler, socket -> {
                socket.send(filled(sent, 'x'));
                assertEquals("done", socket.receiveLine());
            }, client -> {
                assertEquals(TcpSocket.DEFAULT_RECEIVE_LIMIT, client.receiveLimit());
                ReceiveLimitException e = assertThrows(ReceiveLimitException.class, client::receiveLine);
                assertEquals(MIB, e.limit());
                int got = e.partialData().length;
                assertTrue(got > MIB && got <= MIB + ONE_REFILL, "buffered at most the limit and one refill: " + got);
                assertTrue(e.getMessage().contains(client.name()), e.getMessage());
                partial.set(got);
                byte[] rest = client.receive(sent - got); // the socket goes on: nothing was dropped
                assertEquals('x', rest[rest.length - 1]);
                client.send("done\n");
            });
        }
        assertTrue(partial.get() > 0);
    }

    @Test
    void allFromAPeerThatNeverClosesIsLimitedToo() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            TestSockets.converse(scheduler, socket -> {
                socket.send(filled(5000, 'a'));
                socket.receiveLine();
            }, client -> {
                client.setReceiveLimit(1000);
                ReceiveLimitException e = assertThrows(ReceiveLimitException.class,
                        () -> client.receive(ReceivePattern.ALL, "p".getBytes()));
                assertTrue(e.partialData().length > 1000, "prefix and more than the limit");
                assertEquals('p', e.partialData()[0]);
                client.send("\n");
            });
        }
    }

    /** Longer than 4096 even if a refill adds a whole I/O buffer at once. */
    private static final int LONG_LINE = 4096 + ONE_REFILL + 1;

    @Test
    void schedulerLimitIsWhereEverySocketStartsAndEachCanChangeIt() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Scheduler.builder().receiveLimit(0));
        try (Scheduler scheduler = Scheduler.builder().receiveLimit(4096).build()) {
            TestSockets.converse(scheduler, socket -> {
                assertEquals(4096, socket.receiveLimit(), "accepted sockets start with the scheduler's limit");
                assertEquals(4096, socket.receive(ReceivePattern.LINE).length);
                ReceiveLimitException e = assertThrows(ReceiveLimitException.class, socket::receiveLine);
                socket.setReceiveLimit(LONG_LINE);
                assertEquals(LONG_LINE, e.partialData().length + socket.receive(ReceivePattern.LINE).length,
                        "the rest of the line that was too long comes next");
                assertEquals(8192, socket.receive(ReceivePattern.LINE).length);
                socket.send("ok\n");
            }, client -> {
                assertEquals(4096, client.receiveLimit(), "wrapped sockets start with the scheduler's limit");
                assertThrows(IllegalArgumentException.class, () -> client.setReceiveLimit(0));
                client.send(filled(4096, 'a'));
                client.send("\n");
                client.send(filled(LONG_LINE, 'b'));
                client.send("\n");
                client.send(filled(8192, 'c'));
                client.send("\n");
                assertEquals("ok", client.receiveLine());
            });
        }
    }

    @Test
    void hundredMegabytesWithoutALineEndArriveWhenTheLimitIsRaised() throws Exception {
        int total = 100_000_000;
        AtomicInteger length = new AtomicInteger();
        try (Scheduler scheduler = Scheduler.builder().receiveLimit(128 * MIB).build()) {
            TestSockets.converse(scheduler, socket -> {
                byte[] piece = filled(ONE_REFILL, 'x');
                for (int left = total; left > 0; left -= piece.length) {
                    socket.send(piece, 0, Math.min(piece.length, left));
                }
                socket.send("\n");
            }, client -> length.set(client.receive(ReceivePattern.LINE).length));
        }
        // linear: a rescan per refill would examine about 75 GB here and outlast the generous timeout
        assertEquals(total, length.get());
    }
}
