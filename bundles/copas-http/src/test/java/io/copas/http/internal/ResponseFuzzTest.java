package io.copas.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.copas.core.ReceivePattern;
import io.copas.core.TcpSocket;
import io.copas.http.HttpProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Fuzzes the response parsers (status line, header fields, framing, Content-Length, chunked
 * bodies and trailers) with what a hostile server may send, cut into arbitrary pieces. A
 * response is either parsed into something well-formed or refused with an
 * {@link HttpProtocolException} (or the socket's own closed failure): any other exception, or a
 * parse that invents or drops body bytes, is a finding. Normal builds replay the committed corpus
 * under {@code ResponseFuzzTestInputs}; {@code fuzz/run.sh} fuzzes.
 */
class ResponseFuzzTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final byte[] CHUNKED_HEAD =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * A socket whose partial receives hand out {@code stream} in pieces ending at {@code cuts},
     * then the end of the stream (an empty array, as a Copas socket's partial receive of ALL).
     */
    static TcpSocket piecewise(byte[] stream, int[] cuts) {
        int[] state = {0, 0}; // bytes handed out, next cut
        return (TcpSocket) Proxy.newProxyInstance(TcpSocket.class.getClassLoader(), new Class<?>[] {TcpSocket.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "receivePartial" -> {
                        assertEquals(ReceivePattern.ALL, args[0], "the wire receives what is there");
                        int from = state[0];
                        int to = state[1] < cuts.length ? Math.max(from + 1, cuts[state[1]++]) : stream.length;
                        state[0] = Math.min(to, stream.length);
                        yield Arrays.copyOfRange(stream, from, state[0]);
                    }
                    case "name" -> "fuzzed-server";
                    case "setTimeouts", "setTimeout" -> null;
                    case "receiveTimeout" -> WITHIN;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static int[] cuts(FuzzedDataProvider data) {
        int[] cuts = new int[data.consumeInt(0, 12)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 4096);
        }
        Arrays.sort(cuts);
        return cuts;
    }

    @FuzzTest
    void responses(FuzzedDataProvider data) throws IOException {
        String method = data.consumeBoolean() ? "HEAD" : "GET";
        int[] cuts = cuts(data);
        Wire wire = new Wire(piecewise(data.consumeRemainingAsBytes(), cuts));
        try {
            ResponseHead head = HeadReader.read(wire, WITHIN);
            assertTrue(head.code() >= 100 && head.code() <= 599, "status code in range");
            for (Map.Entry<String, String> field : head.headers().fields()) {
                assertTrue(Syntax.isToken(field.getKey()), "header names are tokens");
                assertTrue(field.getValue().chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0),
                        "header values hold no CR, LF or NUL");
            }
            Framing framing = Framing.of(method, head);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            BodyReader.read(wire, framing, WITHIN, (bytes, offset, length) -> body.write(bytes, offset, length));
            if (framing.kind() == Framing.Kind.LENGTH) {
                assertEquals(framing.length(), body.size(), "a Content-Length body is exactly that long");
            }
        } catch (HttpProtocolException refused) {
            // the clear, typed refusal of a malformed response
        }
    }

    @FuzzTest
    void chunkedBodies(FuzzedDataProvider data) throws IOException {
        int[] cuts = cuts(data);
        byte[] body = data.consumeRemainingAsBytes();
        byte[] response = Arrays.copyOf(CHUNKED_HEAD, CHUNKED_HEAD.length + body.length);
        System.arraycopy(body, 0, response, CHUNKED_HEAD.length, body.length);
        Wire wire = new Wire(piecewise(response, cuts));
        byte[] expected = ChunkedOracle.decode(body);
        try {
            Framing framing = Framing.of("GET", HeadReader.read(wire, WITHIN));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            BodyReader.read(wire, framing, WITHIN, (bytes, offset, length) -> got.write(bytes, offset, length));
            assertTrue(expected != null, "a body the reference decoder refuses was accepted");
            assertArrayEquals(expected, got.toByteArray(), "the decoded body is the reference decoding");
        } catch (HttpProtocolException refused) {
            assertTrue(expected == null, "a body the reference decoder accepts was refused: " + refused.getMessage());
        }
    }

    /**
     * A deliberately plain reading of RFC 9112 section 7.1 with the client's limits (size line up
     * to 1024 bytes, at most 15 significant hex digits, trailer fields as header fields), written
     * independently of BodyReader: the differential oracle of {@link #chunkedBodies}.
     */
    static final class ChunkedOracle {

        private ChunkedOracle() {
        }

        /** The decoded body, or {@code null} if the stream is not a complete, valid chunked body. */
        static byte[] decode(byte[] in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int[] at = {0};
            while (true) {
                String line = line(in, at, BodyReader.MAX_CHUNK_LINE);
                if (line == null) {
                    return null;
                }
                String hex = line.split(";", 2)[0].replaceAll("[ \t]+$", "");
                if (hex.isEmpty() || !hex.matches("[0-9A-Fa-f]+") || hex.replaceFirst("^0+(?=.)", "").length() > 15) {
                    return null;
                }
                long size = Long.parseLong(hex.replaceFirst("^0+(?=.)", ""), 16);
                if (size == 0) {
                    return trailersValid(in, at) ? out.toByteArray() : null;
                }
                if (in.length - at[0] < size) {
                    return null;
                }
                out.write(in, at[0], (int) size);
                at[0] += (int) size;
                String end = line(in, at, BodyReader.MAX_CHUNK_LINE);
                if (end == null || !end.isEmpty()) {
                    return null;
                }
            }
        }

        private static boolean trailersValid(byte[] in, int[] at) {
            int bytes = 0;
            int fields = 0;
            boolean any = false;
            while (true) {
                String line = line(in, at, HeadReader.MAX_HEADER_LINE);
                if (line == null) {
                    return false;
                }
                if (line.isEmpty()) {
                    return true;
                }
                bytes += line.length() + 2;
                if (bytes > HeadReader.MAX_HEADER_BYTES) {
                    return false;
                }
                boolean folded = line.charAt(0) == ' ' || line.charAt(0) == '\t';
                if (folded ? !any : ++fields > HeadReader.MAX_HEADER_COUNT) {
                    return false;
                }
                any = true;
                int colon = line.indexOf(':');
                String value = folded ? line : line.substring(Math.max(colon + 1, 0));
                if (!folded && (colon <= 0 || !Syntax.isToken(line.substring(0, colon)))) {
                    return false;
                }
                if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                    return false;
                }
            }
        }

        /** A line ended by LF (a CR before it dropped), at most {@code max} bytes, no NUL or bare CR. */
        private static String line(byte[] in, int[] at, int max) {
            for (int i = at[0]; i < in.length; i++) {
                if (in[i] == '\n') {
                    int end = i > at[0] && in[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(in, at[0], end - at[0], StandardCharsets.ISO_8859_1);
                    at[0] = i + 1;
                    return line.length() <= max && line.indexOf('\0') < 0 && line.indexOf('\r') < 0 ? line : null;
                }
            }
            return null;
        }
    }
}
