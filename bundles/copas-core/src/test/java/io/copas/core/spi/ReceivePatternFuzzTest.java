package io.copas.core.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.copas.core.ReceiveLimitException;
import io.copas.core.ReceivePattern;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Fuzzes the receive patterns (line, all, a byte count; whole or partial; with and without a
 * prefix and a limit) over a stream that arrives in arbitrary pieces. Every receive must either
 * return exactly the bytes the pattern defines or fail with the typed exception that carries
 * them, so that nothing is lost or invented whatever the split. In normal builds the committed
 * corpus under {@code ReceivePatternFuzzTestInputs} is replayed; {@code fuzz/run.sh} fuzzes.
 */
class ReceivePatternFuzzTest {

    /** Thrown by the scripted source at the end of its pieces. */
    private static final class EndOfScript extends IOException {
        private static final long serialVersionUID = 1L;
        final transient byte[] partial;

        EndOfScript(byte[] partial) {
            super("end of stream");
            this.partial = partial;
        }
    }

    /** Hands out the next piece on each fill, then the end of the stream. */
    private static final class PiecewiseSource implements PatternReceiver.Source {
        private final ReceiveBuffer buffer;
        private final byte[] stream;
        private final int[] cuts;
        private int next;
        private int fed;

        PiecewiseSource(ReceiveBuffer buffer, byte[] stream, int[] cuts) {
            this.buffer = buffer;
            this.stream = stream;
            this.cuts = cuts;
        }

        @Override
        public FillOutcome fill() {
            if (fed == stream.length) {
                return FillOutcome.END;
            }
            int to = next < cuts.length ? Math.max(fed + 1, Math.min(stream.length, cuts[next++])) : stream.length;
            if (next % 2 == 0) {
                buffer.append(ByteBuffer.wrap(stream, fed, to - fed));
            } else {
                ByteBuffer tail = buffer.tail(to - fed);
                tail.put(stream, fed, to - fed);
                buffer.commit(tail);
            }
            fed = to;
            return FillOutcome.DATA;
        }

        @Override
        public boolean cleanEnd() {
            return true;
        }

        @Override
        public IOException failure(FillOutcome outcome, byte[] partialData) {
            return new EndOfScript(partialData);
        }

        @Override
        public void delivered() {
            // no fairness budget here
        }
    }

    @FuzzTest
    void patternsOverArbitrarySplits(FuzzedDataProvider data) throws IOException {
        int receives = data.consumeInt(1, 12);
        int[][] plan = new int[receives][];
        for (int i = 0; i < receives; i++) {
            plan[i] = new int[] {data.consumeInt(0, 2), data.consumeInt(1, 64), data.consumeBoolean() ? 1 : 0,
                    data.consumeBoolean() ? 1 : 0, data.consumeInt(1, 48)};
        }
        int[] cuts = new int[data.consumeInt(0, 16)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 512);
        }
        Arrays.sort(cuts);
        byte[] stream = data.consumeRemainingAsBytes();

        ReceiveBuffer buffer = new ReceiveBuffer(64);
        PiecewiseSource source = new PiecewiseSource(buffer, stream, cuts);
        int consumed = 0;
        for (int[] step : plan) {
            ReceivePattern pattern = switch (step[0]) {
                case 0 -> ReceivePattern.LINE;
                case 1 -> ReceivePattern.ALL;
                default -> ReceivePattern.bytes(step[1]);
            };
            byte[] prefix = step[3] == 1 ? new byte[] {'>'} : null;
            boolean partial = step[2] == 1;
            byte[] got;
            boolean failed = false;
            try {
                got = PatternReceiver.receive(buffer, pattern, prefix, partial, step[4], source);
            } catch (ReceiveLimitException e) {
                assertTrue(pattern.kind() != ReceivePattern.Kind.BYTES, "a byte count is never limited");
                got = e.partialData();
                assertTrue(source.fed - consumed > step[4], "the limit is hit only past the limit");
                failed = true;
            } catch (EndOfScript e) {
                got = e.partial;
                failed = true;
            }
            int taken = source.fed - buffer.available() - consumed;
            boolean line = pattern.kind() == ReceivePattern.Kind.LINE;
            boolean endedByLf = line && !failed && !partial || line && partial && !failed
                    && taken > 0 && stream[consumed + taken - 1] == '\n';
            int body = endedByLf ? taken - 1 : taken;
            if (endedByLf) {
                assertEquals('\n', stream[consumed + body], "a line ends at its LF");
            }
            assertArrayEquals(expected(prefix, stream, consumed, body, line), got,
                    "what a receive returns is what it took, CR dropped from lines, prefix first");
            if (line) {
                for (int i = consumed; i < consumed + body; i++) {
                    assertTrue(stream[i] != '\n', "a line never holds an LF");
                }
            }
            if (!failed && pattern.kind() == ReceivePattern.Kind.BYTES) {
                int wanted = Math.max(0, pattern.count() - (prefix == null ? 0 : prefix.length)); // the prefix counts
                assertTrue(partial ? body <= wanted : body == wanted, "a byte count takes at most its count");
            }
            consumed += taken;
            if (failed && source.fed == stream.length && buffer.available() == 0) {
                break;
            }
        }
        assertTrue(consumed <= stream.length);
    }

    private static byte[] expected(byte[] prefix, byte[] stream, int from, int length, boolean dropCr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (prefix != null) {
            out.writeBytes(prefix);
        }
        for (int i = from; i < from + length; i++) {
            if (!(dropCr && stream[i] == '\r')) {
                out.write(stream[i]);
            }
        }
        return out.toByteArray();
    }

    @FuzzTest
    void patternNames(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            ReceivePattern pattern = ReceivePattern.parse(text);
            assertEquals(pattern, ReceivePattern.parse(pattern.toString()), "a parsed pattern reads back");
        } catch (IllegalArgumentException expected) {
            // the documented failure for a bad pattern
        }
    }
}
