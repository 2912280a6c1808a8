package io.copas.smtp.internal;

import io.copas.core.ReceivePattern;
import io.copas.core.TcpSocket;
import io.copas.smtp.SmtpException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMTP replies (RFC 5321, 4.2) from a socket, within limits so that a hostile server
 * cannot make the client hold unbounded memory: a line is at most {@link #MAX_LINE} bytes, a
 * reply at most {@link #MAX_LINES} lines. Anything that is not a reply fails with an
 * {@link SmtpException} whose code is {@link SmtpException#NO_REPLY}.
 */
public final class ReplyReader {

    /** The longest reply line accepted, CRLF included (RFC 5321 allows 512). */
    public static final int MAX_LINE = 4096;
    /** The most lines a multi-line reply may have. */
    public static final int MAX_LINES = 256;

    private final TcpSocket socket;
    private final byte[] buffer = new byte[MAX_LINE];
    private int start;
    private int end;

    /**
     * A reader over {@code socket}; it reads ahead, so use one reader per socket.
     *
     * @param socket the connection
     */
    public ReplyReader(TcpSocket socket) {
        this.socket = socket;
    }

    /**
     * Whether bytes arrived past the last reply (a server may not pipeline unasked).
     *
     * @return {@code true} if some are buffered
     */
    public boolean hasBufferedBytes() {
        return end > start;
    }

    /**
     * Reads one complete reply.
     *
     * @param command the command it answers, for error messages
     * @return the reply
     * @throws SmtpException if what arrives is not a well-formed reply or exceeds the limits
     * @throws IOException   on a timeout or a closed connection
     */
    public Reply read(String command) throws IOException {
        String line = readLine(command);
        int code = codeOf(line, command);
        List<String> lines = new ArrayList<>();
        while (line.length() > 3 && line.charAt(3) == '-') {
            lines.add(line.substring(4));
            if (lines.size() >= MAX_LINES) {
                throw malformed(command, "a reply of more than " + MAX_LINES + " lines");
            }
            line = readLine(command);
            if (codeOf(line, command) != code) {
                throw malformed(command, "a multi-line reply whose codes differ: '" + printable(line) + "'");
            }
        }
        lines.add(line.length() > 4 ? line.substring(4) : "");
        return new Reply(code, lines);
    }

    private static int codeOf(String line, String command) throws SmtpException {
        boolean wellFormed = line.length() >= 3
                && line.charAt(0) >= '2' && line.charAt(0) <= '5'
                && isDigit(line.charAt(1)) && isDigit(line.charAt(2))
                && (line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-');
        if (!wellFormed) {
            throw malformed(command, "'" + printable(line) + "'");
        }
        return Integer.parseInt(line, 0, 3, 10);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private String readLine(String command) throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    int stop = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, start, stop - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return line;
                }
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                throw malformed(command, "a reply line longer than " + MAX_LINE + " bytes");
            }
            byte[] chunk = socket.receivePartial(ReceivePattern.bytes(buffer.length - end), null);
            System.arraycopy(chunk, 0, buffer, end, chunk.length);
            end += chunk.length;
        }
    }

    private static SmtpException malformed(String command, String what) {
        return new SmtpException(command, SmtpException.NO_REPLY, "", "malformed SMTP reply to " + command + ": " + what);
    }

    /** The line with control characters replaced and cut to a readable length. */
    private static String printable(String line) {
        String cut = line.length() > 80 ? line.substring(0, 80) + "..." : line;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
