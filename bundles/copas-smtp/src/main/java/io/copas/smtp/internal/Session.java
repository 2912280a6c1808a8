package io.copas.smtp.internal;

import io.copas.core.Copas;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.core.spi.OptionalModules;
import io.copas.smtp.MessageSource;
import io.copas.smtp.RecipientResult;
import io.copas.smtp.SmtpException;
import io.copas.smtp.SmtpRequest;
import io.copas.smtp.SmtpResult;
import io.copas.smtp.TlsPolicy;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One SMTP client session, as LuaSocket's {@code smtp.send}: greeting, EHLO (HELO when EHLO is
 * refused), STARTTLS as the policy says, AUTH, MAIL FROM, RCPT TO for each recipient, DATA,
 * QUIT. Runs in a Copas task; every wait yields the task.
 */
public final class Session {

    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a failed data send waits for the reply that may say why; it is usually there already. */
    private static final Duration EXPLAIN_WAIT = Duration.ofSeconds(2);

    private final SmtpRequest request;
    private TcpSocket socket;
    private ReplyReader replies;
    private Extensions extensions = Extensions.NONE;
    private boolean secure;
    /** What the session is doing, for the message of a timeout or a close: whether the mail may have gone. */
    private String step = "connect";

    private Session(SmtpRequest request) {
        this.request = request;
    }

    /**
     * Sends the request's message; the connection is closed when this returns or throws.
     *
     * @param request the request
     * @return the per-recipient outcome and the final reply
     * @throws SmtpException when the server refuses or answers garbage, or TLS or AUTH cannot be done safely
     * @throws IOException   on timeouts, a closed connection, TLS failures, or a failing message source
     */
    public static SmtpResult send(SmtpRequest request) throws IOException {
        if (Copas.currentTask().isEmpty()) { // the core would name only its own call, Copas.scheduler()
            throw new IllegalStateException("a message must be sent from a Copas task"
                    + " (from another thread: scheduler.submit(() -> ...))");
        }
        if (request.requiresTls()) {
            TlsSupport.require(request.implicitTls() ? "implicit TLS" : "TLS policy REQUIRED");
        }
        return new Session(request).run();
    }

    /**
     * The exception for a reply that refuses a command.
     *
     * @param command the command
     * @param reply   the reply
     * @return the exception
     */
    static SmtpException refused(String command, Reply reply) {
        return new SmtpException(command, reply.code(), reply.text(),
                command + " failed: " + reply.code() + " " + reply.text().replace('\n', ' '));
    }

    private SmtpResult run() throws IOException {
        try (MessageSource source = request.openSource()) {
            try {
                connect();
                return transaction(source);
            } catch (SmtpException e) {
                quitQuietly(e); // after a 554 greeting too: RFC 5321 section 3.1 has the server wait for QUIT
                throw e;
            }
        } catch (TransferTimeoutException e) {
            throw e.within(where()); // the core names only the socket: say which step was waiting
        } catch (TransferClosedException e) {
            throw e.within(where());
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
    }

    /** The step under way and the server, to begin a transport failure's message. */
    private String where() {
        return "SMTP " + step + " with " + request.server() + ":" + request.port();
    }

    private void connect() throws IOException {
        socket = Copas.scheduler().tcp();
        socket.setTimeouts(request.connectTimeout(), request.timeout(), request.timeout());
        socket.connect(request.server(), request.port());
        if (request.implicitTls()) {
            step = "TLS handshake";
            socket = TlsUpgrade.handshake(socket, request.tlsParameters().orElse(null), request.server(), "connect");
            secure = true;
        }
        replies = new ReplyReader(socket);
        step = "greeting";
        expect(replies.read("connect"), 2, "connect");
    }

    private SmtpResult transaction(MessageSource source) throws IOException {
        hello();
        startTls();
        if (request.user().isPresent()) {
            authenticate();
        }
        mail();
        List<RecipientResult> recipients = recipients();
        expect(command("DATA", "DATA"), 3, "DATA");
        DataWriter data = new DataWriter(socket);
        step = "message data";
        byte[] chunk;
        do {
            chunk = source.next(); // outside the write's catch: a failing source is not the server's doing
            writeData(data, chunk);
        } while (chunk != null);
        step = "reply to the end of data (the server may have taken the message)";
        Reply accepted = expect(replies.read("end of data"), 2, "end of data");
        LOG.log(Level.DEBUG, "{0}: message of {1} bytes accepted: {2}", socket.name(), data.bytesSent(), accepted.text());
        quit();
        return new SmtpResult(recipients, accepted.code(), accepted.text(), secure);
    }

    /** Sends {@code chunk} of the message, or its end when {@code null}; a hang-up is explained by the server's reply. */
    private void writeData(DataWriter data, byte[] chunk) throws IOException {
        try {
            if (chunk == null) {
                data.finish();
            } else {
                data.write(chunk);
            }
        } catch (TransferClosedException e) {
            throw explainedByServer(e);
        }
    }

    /**
     * A send of the message data that failed because the server hung up: a server that gives up
     * (a timeout, a size limit) says why first (421, 552), and that reply is still in the receive
     * buffer; it explains more than the broken pipe, which stays as suppressed.
     */
    private IOException explainedByServer(TransferClosedException failure) {
        try {
            socket.setTimeouts(null, null, EXPLAIN_WAIT);
            Reply reply = replies.read("message data");
            if (!reply.is(2) && !reply.is(3)) {
                SmtpException explained = refused("message data", reply);
                explained.addSuppressed(failure);
                return explained;
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private void hello() throws IOException {
        Reply ehlo = command("EHLO " + request.domain(), "EHLO");
        if (ehlo.is(2)) {
            extensions = Extensions.parse(ehlo);
        } else if (ehlo.is(5) && !secure) {
            // an old server: HELO, without extensions (upstream fails here)
            expect(command("HELO " + request.domain(), "HELO"), 2, "HELO");
            extensions = Extensions.NONE;
        } else {
            throw refused("EHLO", ehlo);
        }
    }

    private void startTls() throws IOException {
        if (secure || request.tlsPolicy() == TlsPolicy.OFF) {
            return;
        }
        boolean required = request.tlsPolicy() == TlsPolicy.REQUIRED;
        if (!extensions.has("STARTTLS")) {
            if (required) {
                throw new SmtpException("STARTTLS", SmtpException.NO_REPLY, "",
                        "the server does not offer STARTTLS and the TLS policy is REQUIRED: nothing was sent in clear text");
            }
            return;
        }
        if (!TlsSupport.available()) {
            LOG.log(Level.INFO, "{0}: the server offers STARTTLS but {1} is not present; going on in clear text",
                    socket.name(), TlsSupport.MODULE);
            return;
        }
        Reply reply = command("STARTTLS", "STARTTLS");
        if (reply.code() != 220) {
            if (required || reply.code() == 421) {
                throw refused("STARTTLS", reply);
            }
            return;
        }
        if (replies.hasBufferedBytes()) {
            // bytes sent before the handshake would be taken as protected (CVE-2011-0411 style injection)
            throw new SmtpException("STARTTLS", reply.code(), reply.text(),
                    "the server sent data after its STARTTLS reply, before the handshake: refusing to go on");
        }
        step = "TLS handshake";
        socket = TlsUpgrade.handshake(socket, request.tlsParameters().orElse(null), request.server(), "STARTTLS");
        secure = true;
        replies = new ReplyReader(socket);
        extensions = Extensions.NONE;
        hello();
    }

    private void authenticate() throws IOException {
        if (!secure && !request.allowAuthInClear() && !toThisMachine(socket.remoteAddress())) {
            throw new SmtpException("AUTH", SmtpException.NO_REPLY, "",
                    "refusing to send credentials over a connection without TLS to another machine (allowAuthInClear is off)");
        }
        if (!secure && extensions.authMechanisms().isEmpty() && extensions.has("STARTTLS")) {
            // Postfix's smtpd_tls_auth_only, Exim's auth_advertise_hosts: AUTH only after STARTTLS
            throw new SmtpException("AUTH", SmtpException.NO_REPLY, "", "the server does not offer AUTH, but credentials"
                    + " were given; it offers STARTTLS, and many servers offer AUTH only after it (TLS policy "
                    + request.tlsPolicy() + (request.tlsPolicy() != TlsPolicy.OFF && !TlsSupport.available()
                            ? "; STARTTLS was skipped because the module " + TlsSupport.MODULE + " is not present. "
                                    + OptionalModules.howToAdd(TlsSupport.MODULE, "io.copas.smtp")
                            : "") + ")");
        }
        String mechanism = Authenticator.choose(extensions.authMechanisms(), secure);
        new Authenticator(this::command).authenticate(mechanism, request.user().orElseThrow(), request.password().orElseThrow());
    }

    /**
     * Whether {@code peer} is on this machine (a loopback address): credentials sent there in clear
     * never cross a network, so they may go without TLS, as Go's net/smtp allows (a local relay, a
     * test server such as GreenMail).
     *
     * @param peer the server's address, or {@code null}
     * @return {@code true} for a loopback address
     */
    static boolean toThisMachine(SocketAddress peer) {
        return peer instanceof InetSocketAddress address && address.getAddress() != null
                && address.getAddress().isLoopbackAddress();
    }

    private void mail() throws IOException {
        StringBuilder line = new StringBuilder("MAIL FROM:<").append(request.from()).append('>');
        boolean international = !isAscii(request.from()) || request.recipients().stream().anyMatch(r -> !isAscii(r))
                || request.internationalHeaders();
        if (international) {
            if (!extensions.has("SMTPUTF8")) {
                throw new SmtpException("MAIL FROM", SmtpException.NO_REPLY, "", "an address "
                        + (request.internationalHeaders() ? "in the message's header " : "")
                        + "is not ASCII and the server does not offer SMTPUTF8");
            }
            line.append(" SMTPUTF8");
        }
        if (extensions.has("8BITMIME")) {
            line.append(" BODY=8BITMIME");
        }
        expect(command(line.toString(), "MAIL FROM"), 2, "MAIL FROM");
    }

    private List<RecipientResult> recipients() throws IOException {
        List<RecipientResult> results = new ArrayList<>();
        Reply last = null;
        Reply firstPermanent = null;
        for (String rcpt : request.recipients()) {
            Reply reply = command("RCPT TO:<" + rcpt + ">", "RCPT TO");
            if (reply.code() == 421) { // the server is closing: keep what it said of the recipients so far
                throw new SmtpException("RCPT TO", reply.code(), reply.text(), "RCPT TO failed: " + reply.code() + " "
                        + reply.text().replace('\n', ' ') + " (after " + results.size() + " recipient(s): "
                        + codes(results) + ")", results);
            }
            results.add(new RecipientResult(rcpt, reply.code(), reply.text()));
            last = reply;
            if (firstPermanent == null && !reply.is(2) && !reply.is(4)) {
                firstPermanent = reply;
            }
        }
        if (results.stream().noneMatch(RecipientResult::accepted)) {
            // transient only if every refusal is: a retry cannot help a permanently refused recipient
            Reply told = firstPermanent != null ? firstPermanent : last;
            throw new SmtpException("RCPT TO", told.code(), told.text(),
                    "every recipient was refused: " + codes(results), results);
        }
        return results;
    }

    /** Each recipient with its reply code, for messages. */
    private static List<String> codes(List<RecipientResult> results) {
        return results.stream().map(r -> r.address() + " " + r.code()).toList();
    }

    private Reply command(String line, String name) throws IOException {
        step = name;
        socket.send(line + "\r\n");
        return replies.read(name);
    }

    private static Reply expect(Reply reply, int firstDigit, String command) throws SmtpException {
        if (!reply.is(firstDigit)) {
            throw refused(command, reply);
        }
        return reply;
    }

    /**
     * Says goodbye once the message is accepted. Its failure is only logged: the mail went out
     * (upstream fails the send when QUIT is not answered with 2xx); the wait for the answer is
     * the request's timeout, but at most {@link #QUIT_TIMEOUT}.
     */
    private void quit() {
        try {
            Duration wait = request.timeout() == null || request.timeout().compareTo(QUIT_TIMEOUT) > 0
                    ? QUIT_TIMEOUT : request.timeout();
            socket.setTimeouts(null, wait, wait);
            Reply reply = command("QUIT", "QUIT");
            LOG.log(Level.DEBUG, "{0}: QUIT answered {1}", socket.name(), reply.code());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "QUIT after the accepted message failed", e);
        }
    }

    /**
     * After a refusal, says goodbye without waiting for the answer; not after a 421 (the
     * server is closing the connection anyway).
     */
    private void quitQuietly(SmtpException failure) {
        if (failure.code() == 421) {
            return;
        }
        try {
            socket.send("QUIT\r\n");
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "QUIT not sent", e);
        }
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }
}
