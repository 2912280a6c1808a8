package io.copas.ftp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.copas.core.ReceivePattern;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.ftp.FtpProtocolException;
import io.copas.ftp.FtpReply;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Fuzzes the FTP control connection's reply reader (single and multi-line replies, preliminary
 * replies, the line and reply limits) and the EPSV/PASV address parsers with what a hostile
 * server may send, cut into arbitrary pieces. Each reply is either well-formed (a code of 100-599,
 * within the limits, a data port of 1-65535) or refused with an {@link FtpProtocolException}; the
 * end of the script is the socket's closed failure. Any other exception is a finding. Normal
 * builds replay the committed corpus under {@code ReplyFuzzTestInputs}; {@code fuzz/run.sh} fuzzes.
 */
class ReplyFuzzTest {

    private static final InetAddress SERVER = InetAddress.getLoopbackAddress();

    /** A socket whose byte-count receives hand out {@code stream} in pieces, then fail as closed. */
    private static TcpSocket piecewise(byte[] stream, int[] cuts) {
        int[] state = {0, 0}; // bytes handed out, next cut
        return (TcpSocket) Proxy.newProxyInstance(TcpSocket.class.getClassLoader(), new Class<?>[] {TcpSocket.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "receivePartial" -> {
                        ReceivePattern pattern = (ReceivePattern) args[0];
                        assertEquals(ReceivePattern.Kind.BYTES, pattern.kind(), "the reader asks for a byte count");
                        int from = state[0];
                        if (from == stream.length) {
                            throw new TransferClosedException("socket 'fuzzed-server' closed by the peer", new byte[0], -1, null);
                        }
                        int to = state[1] < cuts.length ? Math.max(from + 1, cuts[state[1]++]) : stream.length;
                        state[0] = Math.min(Math.min(to, stream.length), from + pattern.count());
                        yield Arrays.copyOfRange(stream, from, state[0]);
                    }
                    case "name" -> "fuzzed-server";
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @FuzzTest
    void replies(FuzzedDataProvider data) throws IOException {
        int[] cuts = new int[data.consumeInt(0, 12)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 70_000);
        }
        Arrays.sort(cuts);
        boolean finals = data.consumeBoolean();
        try (ControlConnection control = new ControlConnection(piecewise(data.consumeRemainingAsBytes(), cuts))) {
            while (true) {
                FtpReply reply = finals ? control.readFinal() : control.read();
                assertTrue(reply.code() >= 100 && reply.code() <= 599, "a reply code is 100-599");
                assertTrue(!finals || !reply.isPreliminary(), "readFinal returns a final reply");
                assertTrue(reply.lines().stream().mapToInt(l -> l.length() + 2).sum() <= ControlConnection.MAX_REPLY,
                        "a reply stays within its limit");
                passivePort(reply);
            }
        } catch (FtpProtocolException refused) {
            // the clear, typed refusal of a malformed reply
        } catch (TransferClosedException end) {
            // the end of what the server sent
        }
    }

    private static void passivePort(FtpReply reply) {
        try {
            int port = reply.code() == 229 ? PassiveConnection.epsvPort(reply) : PassiveConnection.pasvPort(reply, SERVER);
            assertTrue(port >= 1 && port <= 65535, "a data port is 1-65535");
        } catch (FtpProtocolException refused) {
            // not a passive reply
        }
    }
}
