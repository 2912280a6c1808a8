package io.copas.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.copas.core.ReceivePattern;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.smtp.SmtpException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Arrays;

/**
 * Fuzzes the SMTP reply reader (single and multi-line replies, the line and line-count limits)
 * and the EHLO extension parser with what a hostile server may send, cut into arbitrary pieces.
 * Each reply is either well-formed (a code of 200-599, at most {@link ReplyReader#MAX_LINES}
 * lines) or refused with an {@link SmtpException}; the end of the script is the socket's closed
 * failure. Any other exception is a finding. Normal builds replay the committed corpus under
 * {@code ReplyFuzzTestInputs}; {@code fuzz/run.sh} fuzzes.
 */
class ReplyFuzzTest {

    /** A socket whose partial receives hand out {@code stream} in pieces, then fail as closed. */
    private static TcpSocket piecewise(byte[] stream, int[] cuts) {
        int[] state = {0, 0}; // bytes handed out, next cut
        return (TcpSocket) Proxy.newProxyInstance(TcpSocket.class.getClassLoader(), new Class<?>[] {TcpSocket.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "receivePartial" -> {
                        int most = ((ReceivePattern) args[0]).count();
                        int from = state[0];
                        if (from == stream.length) {
                            throw new TransferClosedException("socket 'fuzzed-server' closed by the peer", new byte[0], -1, null);
                        }
                        int to = state[1] < cuts.length ? Math.max(from + 1, cuts[state[1]++]) : stream.length;
                        state[0] = Math.min(Math.min(to, stream.length), from + most);
                        yield Arrays.copyOfRange(stream, from, state[0]);
                    }
                    case "name" -> "fuzzed-server";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @FuzzTest
    void replies(FuzzedDataProvider data) throws IOException {
        int[] cuts = new int[data.consumeInt(0, 12)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 8192);
        }
        Arrays.sort(cuts);
        ReplyReader reader = new ReplyReader(piecewise(data.consumeRemainingAsBytes(), cuts));
        try {
            while (true) {
                Reply reply = reader.read("EHLO");
                assertTrue(reply.code() >= 200 && reply.code() <= 599, "a reply code is 200-599");
                assertTrue(!reply.lines().isEmpty() && reply.lines().size() <= ReplyReader.MAX_LINES,
                        "a reply has 1 to MAX_LINES lines");
                Extensions.parse(reply);
            }
        } catch (SmtpException refused) {
            // the clear, typed refusal of a malformed reply
        } catch (TransferClosedException end) {
            // the end of what the server sent
        }
    }
}
