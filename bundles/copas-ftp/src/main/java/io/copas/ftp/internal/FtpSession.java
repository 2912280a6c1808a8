package io.copas.ftp.internal;

import io.copas.core.Copas;
import io.copas.core.ReceivePattern;
import io.copas.core.ShutdownMode;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import io.copas.core.TransferTimeoutException;
import io.copas.ftp.FtpCommand;
import io.copas.ftp.FtpException;
import io.copas.ftp.FtpReply;
import io.copas.ftp.FtpRequest;
import io.copas.ftp.FtpSink;
import io.copas.ftp.FtpSource;
import io.copas.ftp.FtpTlsMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One logged-in FTP session for one request (upstream's {@code open}, {@code greet},
 * {@code login}, {@code type}, {@code send}/{@code receive}, {@code quit}, {@code close}).
 */
final class FtpSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.copas.ftp");
    /** What a server may send back on an upload's data connection before the client stops listening. */
    private static final long DRAIN_LIMIT = 1 << 20;

    private final FtpRequest request;
    private final FtpsLayer tls;
    private ControlConnection control;
    private boolean secured;

    private FtpSession(FtpRequest request) {
        this.request = request;
        if (request.tlsMode() != FtpTlsMode.NONE) {
            TlsAvailability.require();
            this.tls = new FtpsLayer(request.tlsParameters(), request.host());
        } else {
            this.tls = null;
        }
    }

    /**
     * Connects, greets, secures (FTPS), logs in and sets the type.
     *
     * @param request the request
     * @return the session, ready for a transfer or commands
     * @throws IOException if any step fails; nothing stays open then
     */
    static FtpSession open(FtpRequest request) throws IOException {
        if (Copas.currentTask().isEmpty()) { // the core would name only its own call, Copas.scheduler()
            throw new IllegalStateException("an FTP transfer must be made from a Copas task"
                    + " (from another thread: scheduler.submit(() -> ...))");
        }
        FtpSession session = new FtpSession(request);
        try {
            session.connect();
            session.login();
            if (request.type() != null) {
                session.expect("TYPE", request.type().code(), 2);
            }
            return session;
        } catch (Throwable e) { // a removal while it waits (TaskRemovedError) too: never leak the socket
            session.close();
            throw e;
        }
    }

    private void connect() throws IOException {
        TcpSocket socket = Copas.scheduler().tcp();
        socket.setName("ftp:" + request.host() + ":" + request.port());
        socket.setTimeout(request.timeout());
        control = new ControlConnection(socket);
        socket.connect(request.host(), request.port());
        if (request.tlsMode() == FtpTlsMode.IMPLICIT) {
            control.secure(tls::secureControl);
            secured = true;
        }
        FtpReply greeting;
        try {
            greeting = control.readFinal();
        } catch (TransferClosedException e) { // a server at its connection limit may hang up without a word
            throw e.within("FTP greeting from " + request.host() + ":" + request.port());
        } catch (TransferTimeoutException e) { // a plain connection to an implicit-FTPS port waits here
            throw e.within("FTP greeting from " + request.host() + ":" + request.port()
                    + (request.tlsMode() == FtpTlsMode.IMPLICIT ? "" : " (an implicit FTPS port waits for TLS first)"));
        }
        if (greeting.code() / 100 != 2) {
            throw new FtpException("connecting to " + request.host() + ":" + request.port(), greeting);
        }
        if (request.tlsMode() == FtpTlsMode.EXPLICIT) {
            expect("AUTH", "TLS", 2);
            control.secure(tls::secureControl);
            secured = true;
        }
        if (secured) {
            expect("PBSZ", "0", 2);
            expect("PROT", "P", 2);
        }
    }

    private void login() throws IOException {
        if (request.tlsMode() != FtpTlsMode.NONE && !secured) {
            throw new IllegalStateException("refusing to send the password in clear text: TLS was asked for");
        }
        control.send("USER", request.user());
        FtpReply reply = control.readFinal();
        if (reply.code() == 331) {
            control.send("PASS", request.password());
            reply = control.readFinal();
        }
        if (reply.code() / 100 != 2) {
            throw new FtpException("login as '" + request.user() + "'", reply);
        }
    }

    /**
     * Downloads: the transfer command ({@code RETR} or the request's), data to the sink.
     *
     * @param sink where the bytes go
     * @return the number of bytes received
     * @throws IOException if the transfer fails
     */
    long receive(FtpSink sink) throws IOException {
        String command = request.command() == null ? "RETR" : request.command();
        try (DataConnection data = openData()) {
            FtpReply reply = startTransfer(command);
            if (!reply.isPreliminary()) {
                return 0; // a 2xx without a data transfer (upstream hands the reply text to the sink)
            }
            TcpSocket socket = secureData(data.socket());
            long received = 0;
            try {
                for (byte[] chunk = receiveData(socket, command); chunk.length > 0; chunk = receiveData(socket, command)) {
                    received += chunk.length;
                    sink.accept(chunk);
                }
            } finally {
                socket.close();
            }
            requireSuccess(transferDescribed(command), control.readFinal());
            return received;
        }
    }

    /**
     * The next bytes of a download; when the data connection fails (a server that gives up
     * resets it), the server's reply on the control connection says why, as for an upload.
     */
    private byte[] receiveData(TcpSocket socket, String command) throws IOException {
        try {
            return socket.receivePartial(ReceivePattern.ALL, null);
        } catch (TransferTimeoutException e) {
            throw e; // a silent server: waiting for its reply would double the wait
        } catch (IOException e) {
            socket.close(); // a server still sending learns we stopped, and answers sooner
            throw explainedByServer(transferDescribed(command), e);
        }
    }

    /**
     * Uploads: the transfer command ({@code STOR} or the request's), data from the source.
     *
     * @param source where the bytes come from
     * @return the number of bytes sent
     * @throws IOException if the transfer fails
     */
    long send(FtpSource source) throws IOException {
        String command = request.command() == null ? "STOR" : request.command();
        try (DataConnection data = openData()) {
            FtpReply reply = startTransfer(command);
            TcpSocket socket = secureData(data.socket());
            long sent = 0;
            try {
                for (byte[] chunk = source.pull(); chunk != null; chunk = source.pull()) {
                    if (chunk.length > 0) {
                        socket.send(chunk);
                        sent += chunk.length;
                    }
                }
            } catch (IOException e) {
                socket.close();
                throw explainedByServer(transferDescribed(command), e);
            } catch (RuntimeException e) {
                socket.close();
                throw e;
            }
            endUpload(socket);
            if (reply.isPreliminary()) {
                requireSuccess(transferDescribed(command), control.readFinal());
            }
            return sent;
        }
    }

    /**
     * Ends an upload gracefully: says "no more data" (FIN, and close_notify under TLS), then
     * reads what the server still sends (a TLS 1.3 session ticket, its close_notify) until it
     * closes. Closing with unread input would send a reset, which can destroy data the server has
     * not read yet. The final reply on the control connection decides success, so failures here
     * are only logged.
     */
    private void endUpload(TcpSocket socket) {
        try {
            socket.shutdown(ShutdownMode.SEND);
            long drained = 0;
            for (byte[] chunk = socket.receivePartial(ReceivePattern.ALL, null); chunk.length > 0 && drained < DRAIN_LIMIT;
                    chunk = socket.receivePartial(ReceivePattern.ALL, null)) {
                drained += chunk.length;
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "ending the upload's data connection: " + e);
        } finally {
            socket.close();
        }
    }

    /** Sends each command and checks its reply. */
    List<FtpReply> commands(List<FtpCommand> commands) throws IOException {
        List<FtpReply> replies = new ArrayList<>(commands.size());
        for (FtpCommand command : commands) {
            control.send(command.name(), command.argument());
            FtpReply reply = control.read();
            while (reply.isPreliminary() && (command.check() == null || !reply.matches(command.check()))) {
                reply = control.readFinal();
            }
            boolean ok = command.check() == null ? reply.isPositive() : reply.matches(command.check());
            if (!ok) {
                throw new FtpException(describe(command.name(), command.argument()), reply);
            }
            replies.add(reply);
        }
        return replies;
    }

    /** Says goodbye; a server that hangs up instead is no error, since the work is done. */
    void quit() {
        try {
            control.send("QUIT", null);
            control.readFinal();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "QUIT to " + request.host() + " failed: " + e);
        }
    }

    private DataConnection openData() throws IOException {
        return request.passive() ? PassiveConnection.open(control, request.timeout())
                : ActiveConnection.open(control, request.timeout());
    }

    /** The argument of the transfer command: the request's, or the URL's path. */
    private String transferArgument() {
        return request.argument() != null ? request.argument() : FtpUrl.argumentOf(request.path());
    }

    /** The transfer command with its argument, for messages (a 450 after the 150 names the path too). */
    private String transferDescribed(String command) {
        return describe(command, transferArgument());
    }

    private FtpReply startTransfer(String command) throws IOException {
        String argument = transferArgument();
        control.send(command, argument);
        FtpReply reply = control.read();
        if (reply.code() >= 300) {
            throw new FtpException(describe(command, argument), reply);
        }
        return reply;
    }

    private TcpSocket secureData(TcpSocket socket) throws IOException {
        return secured ? tls.secureData(socket) : socket;
    }

    /** A failed transfer: the server's reply (452 disk full, 426, ...) says more than the broken connection. */
    private IOException explainedByServer(String command, IOException failure) {
        try {
            FtpReply reply = control.readFinal();
            if (!reply.isPositive()) {
                FtpException explained = transferRefused(command, reply);
                explained.addSuppressed(failure);
                return explained;
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private void expect(String command, String argument, int category) throws IOException {
        control.send(command, argument);
        FtpReply reply = control.readFinal();
        if (reply.code() / 100 != category) {
            throw new FtpException(describe(command, argument), reply);
        }
    }

    private void requireSuccess(String command, FtpReply reply) throws FtpException {
        if (reply.code() / 100 != 2) {
            throw transferRefused(command, reply);
        }
    }

    /**
     * The exception for a refused transfer. A 522 over TLS is vsftpd's (or ProFTPD's) "the data
     * connection did not resume the control connection's session": each request has a session
     * of its own, so what is left is the JDK's TLS 1.2 client, which drops session tickets valid
     * for more than 7 days (vsftpd's are) and so has nothing to resume.
     */
    private FtpException transferRefused(String command, FtpReply reply) {
        if (secured && reply.code() == 522) {
            return new FtpException(command + " (the data connection's TLS session was not taken as the control"
                    + " connection's; over TLS 1.2 run with -Djdk.tls.client.enableSessionTicketExtension=false,"
                    + " see the manual)", reply);
        }
        return new FtpException(command, reply);
    }

    private static String describe(String command, String argument) {
        return argument == null ? command : command + " " + argument;
    }

    @Override
    public void close() {
        if (control != null) {
            control.close();
        }
    }
}
