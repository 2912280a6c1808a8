package io.copas.ftp.internal;

import io.copas.core.ReceivePattern;
import io.copas.core.SocketLayer;
import io.copas.core.TcpSocket;
import io.copas.ftp.FtpProtocolException;
import io.copas.ftp.FtpReply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The control connection: sends commands and reads replies (RFC 959 section 4.2), with limits
 * so that a hostile server cannot make the client buffer without end.
 */
final class ControlConnection implements AutoCloseable {

    /** The longest reply line accepted, in bytes. */
    static final int MAX_LINE = 8 * 1024;
    /** The most bytes one (multi-line) reply may take. */
    static final int MAX_REPLY = 64 * 1024;

    private static final System.Logger LOG = System.getLogger("io.copas.ftp");
    private static final int READ_CHUNK = 4096;

    private TcpSocket socket;
    private byte[] buffer = new byte[READ_CHUNK];
    private int start;
    private int end;

    ControlConnection(TcpSocket socket) {
        this.socket = socket;
    }

    TcpSocket socket() {
        return socket;
    }

    /** The server's address, where data connections go in passive mode. */
    InetSocketAddress peer() throws IOException {
        return (InetSocketAddress) socket.remoteAddress();
    }

    /**
     * Puts TLS under the connection (after {@code AUTH TLS}, or at once for implicit FTPS).
     * Plain text the server sent after its reply would be taken as protected later (the
     * STARTTLS command injection attack), so it is refused before the handshake.
     */
    void secure(SocketLayer tls) throws IOException {
        if (start < end) {
            throw new FtpProtocolException("the server sent " + (end - start)
                    + " bytes of plain text after agreeing to TLS: refusing them (possible command injection)");
        }
        socket = tls.apply(socket);
    }

    /** Sends {@code command [argument]}; the password is kept out of the log. */
    void send(String command, String argument) throws IOException {
        String line = argument == null ? command : command + " " + argument;
        LOG.log(System.Logger.Level.DEBUG, () -> "ftp > " + (command.equals("PASS") ? "PASS ****" : line));
        socket.send((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one reply, preliminary (1xx) or final. */
    FtpReply read() throws IOException {
        String first = readLine(MAX_REPLY);
        int code = codeOf(first);
        List<String> lines = new ArrayList<>();
        int budget = MAX_REPLY - first.length() - 2;
        if (first.length() > 3 && first.charAt(3) == '-') {
            lines.add(first.substring(4));
            String prefix = first.substring(0, 3);
            while (true) {
                String line = readLine(budget);
                budget -= line.length() + 2;
                if (line.startsWith(prefix) && (line.length() == 3 || line.charAt(3) == ' ')) {
                    lines.add(line.length() == 3 ? "" : line.substring(4));
                    break;
                }
                lines.add(line);
            }
        } else {
            lines.add(first.length() > 4 ? first.substring(4) : "");
        }
        FtpReply reply = new FtpReply(code, lines);
        LOG.log(System.Logger.Level.DEBUG, () -> "ftp < " + reply);
        return reply;
    }

    /** Reads replies until a final one (2xx to 5xx); a few preliminary ones may come first. */
    FtpReply readFinal() throws IOException {
        for (int preliminary = 0; preliminary < 8; preliminary++) {
            FtpReply reply = read();
            if (!reply.isPreliminary()) {
                return reply;
            }
        }
        throw new FtpProtocolException("the server sent more than 8 preliminary (1xx) replies in a row");
    }

    private static int codeOf(String line) throws FtpProtocolException {
        boolean wellFormed = line.length() >= 3
                && line.charAt(0) >= '1' && line.charAt(0) <= '5'
                && isDigit(line.charAt(1)) && isDigit(line.charAt(2))
                && (line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-');
        if (!wellFormed) {
            throw new FtpProtocolException("malformed reply from the server: '" + printable(line) + "'");
        }
        return Integer.parseInt(line.substring(0, 3));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A line without CR LF; fails when it exceeds {@link #MAX_LINE} or what is left of {@code budget}. */
    private String readLine(int budget) throws IOException {
        int limit = Math.min(MAX_LINE, budget);
        int scanned = 0; // bytes after start already searched for LF (fill() moves start)
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    int to = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    if (to - start > limit) {
                        throw tooLong(limit);
                    }
                    String line = new String(buffer, start, to - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return line;
                }
            }
            scanned = end - start;
            if (end - start > limit) {
                throw tooLong(limit);
            }
            fill();
        }
    }

    private FtpProtocolException tooLong(int limit) {
        return new FtpProtocolException(limit < MAX_LINE
                ? "the server's reply is longer than " + MAX_REPLY + " bytes"
                : "a reply line from the server is longer than " + MAX_LINE + " bytes");
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (buffer.length - end < READ_CHUNK) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        byte[] chunk = socket.receivePartial(ReceivePattern.bytes(READ_CHUNK), null);
        System.arraycopy(chunk, 0, buffer, end, chunk.length);
        end += chunk.length;
    }

    private static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public void close() {
        socket.close();
    }
}
