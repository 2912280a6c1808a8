package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.spi.FillOutcome;
import io.copas.core.spi.PatternReceiver;
import io.copas.core.spi.ReceiveBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared receive code (plain and TLS sockets) examines each byte once while it waits for a
 * line end, however the bytes are cut into refills: the cost is counted, not timed.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LinearLineScanTest {

    private static final int HUNDRED_MB = 100_000_000;

    /** Delivers {@code total} bytes of 'x' in pieces of {@code piece}, then one LF; counts its refills. */
    private static final class Feed implements PatternReceiver.Source {

        private final ReceiveBuffer buffer;
        private final ByteBuffer piece;
        private long left;
        private boolean lineEndSent;
        long fills;

        Feed(ReceiveBuffer buffer, int piece, long total) {
            this.buffer = buffer;
            byte[] bytes = new byte[piece];
            Arrays.fill(bytes, (byte) 'x');
            this.piece = ByteBuffer.wrap(bytes);
            this.left = total;
        }

        @Override
        public FillOutcome fill() {
            fills++;
            if (left > 0) {
                int n = (int) Math.min(piece.capacity(), left);
                buffer.append(piece.clear().limit(n));
                left -= n;
                return FillOutcome.DATA;
            }
            if (!lineEndSent) {
                lineEndSent = true;
                buffer.append(ByteBuffer.wrap(new byte[] {'\n'}));
                return FillOutcome.DATA;
            }
            return FillOutcome.END;
        }

        @Override
        public boolean cleanEnd() {
            return true;
        }

        @Override
        public IOException failure(FillOutcome outcome, byte[] partialData) {
            return new TransferClosedException(outcome.toString(), partialData, -1, null);
        }

        @Override
        public void delivered() {
        }
    }

    private static void assertOneScanOfAHundredMegabyteLine(int piece) throws IOException {
        ReceiveBuffer buffer = new ReceiveBuffer(0);
        Feed feed = new Feed(buffer, piece, HUNDRED_MB);
        byte[] line = PatternReceiver.receive(buffer, ReceivePattern.LINE, null, false, 128 << 20, feed);
        assertEquals(HUNDRED_MB, line.length);
        assertEquals('x', line[HUNDRED_MB - 1]);
        assertEquals(HUNDRED_MB / piece + 1 + (HUNDRED_MB % piece == 0 ? 0 : 1), feed.fills);
        // a rescan on every refill would examine about fills * N / 2 bytes
        assertEquals(HUNDRED_MB + 1L, buffer.bytesScanned(), "each byte is examined exactly once");
    }

    @Test
    void hundredMegabytesWithoutALineEndInOneBytePiecesAreScannedOnce() throws IOException {
        assertOneScanOfAHundredMegabyteLine(1);
    }

    @Test
    void hundredMegabytesWithoutALineEndInSixtyFourKibPiecesAreScannedOnce() throws IOException {
        assertOneScanOfAHundredMegabyteLine(64 * 1024);
    }

    @Test
    void lineLongerThanTheLimitFailsWithEverythingBufferedAndTheBufferEmptied() {
        ReceiveBuffer buffer = new ReceiveBuffer(0);
        Feed feed = new Feed(buffer, 1000, 10_000);
        ReceiveLimitException e = assertThrows(ReceiveLimitException.class,
                () -> PatternReceiver.receive(buffer, ReceivePattern.LINE, ">".getBytes(), false, 2500, feed));
        assertEquals(2500, e.limit());
        assertEquals(1 + 3000, e.partialData().length, "the prefix and the three pieces buffered when the limit was passed");
        assertEquals('>', e.partialData()[0]);
        assertEquals(0, buffer.available());
        assertEquals(-1, e.lastIndex());
        assertTrue(e.getMessage().contains("2500"), e.getMessage());
    }

    @Test
    void allIsLimitedButByteCountsAndPartialReceivesAreNot() throws IOException {
        ReceiveBuffer buffer = new ReceiveBuffer(0);
        assertThrows(ReceiveLimitException.class, () -> PatternReceiver.receive(buffer, ReceivePattern.ALL, null, false,
                100, new Feed(buffer, 64, 1000)));

        ReceiveBuffer counted = new ReceiveBuffer(0);
        byte[] bytes = PatternReceiver.receive(counted, ReceivePattern.bytes(1000), null, false, 100,
                new Feed(counted, 64, 1000));
        assertEquals(1000, bytes.length, "a byte count is the caller's own bound");

        ReceiveBuffer chunks = new ReceiveBuffer(0);
        Feed feed = new Feed(chunks, 64, 1000);
        byte[] chunk = PatternReceiver.receive(chunks, ReceivePattern.LINE, null, true, 10, feed);
        assertArrayEquals("x".repeat(64).getBytes(), chunk, "a partial receive returns what is there");
    }

    @Test
    void limitBelowOneIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PatternReceiver.receive(new ReceiveBuffer(0), ReceivePattern.LINE, null, false, 0, null));
        assertTrue(e.getMessage().contains("receive limit"), e.getMessage());
    }
}
