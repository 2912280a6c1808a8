package io.copas.ftp.internal;

import io.copas.core.Copas;
import io.copas.core.TcpSocket;
import io.copas.ftp.FtpException;
import io.copas.ftp.FtpProtocolException;
import io.copas.ftp.FtpReply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A passive data connection: {@code EPSV} (RFC 2428), else {@code PASV}. The client always
 * connects to the control connection's peer: the host in a {@code PASV} reply is ignored, so a
 * hostile server cannot point the client at another machine (the fix of Apache Commons Net's
 * CVE-2021-37533; curl and Firefox do the same).
 */
final class PassiveConnection implements DataConnection {

    private static final System.Logger LOG = System.getLogger("io.copas.ftp");
    private static final Pattern EPSV = Pattern.compile("\\((.)\\1\\1(\\d{1,5})\\1\\)");
    private static final Pattern PASV = Pattern.compile("(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3}),(\\d{1,3})");

    private final TcpSocket socket;

    private PassiveConnection(TcpSocket socket) {
        this.socket = socket;
    }

    /**
     * Asks for a passive port and connects to it.
     *
     * @param control the control connection
     * @param timeout the connect, send and receive timeout of the data socket
     * @return the connection
     * @throws IOException if the server refuses both commands, answers nonsense, or the connect fails
     */
    static PassiveConnection open(ControlConnection control, Duration timeout) throws IOException {
        InetAddress server = control.peer().getAddress();
        control.send("EPSV", null);
        FtpReply reply = control.readFinal();
        int port;
        if (reply.code() == 229) {
            port = epsvPort(reply);
        } else {
            control.send("PASV", null);
            FtpReply pasv = control.readFinal();
            if (pasv.code() != 227) {
                // the EPSV reply may hold the real cause (vsftpd's "500 OOPS: ..." ends the session)
                throw new FtpException("EPSV (" + reply.code() + " " + reply.text().replace('\n', ' ') + ") and PASV", pasv);
            }
            port = pasvPort(pasv, server);
        }
        TcpSocket socket = Copas.scheduler().tcp();
        socket.setName("ftp-data:" + port);
        socket.setTimeout(timeout);
        try {
            socket.connect(new InetSocketAddress(server, port));
            return new PassiveConnection(socket);
        } catch (Throwable e) { // a removal while it waits (TaskRemovedError) too: never leak the socket
            socket.close();
            throw e;
        }
    }

    static int epsvPort(FtpReply reply) throws FtpProtocolException {
        Matcher m = EPSV.matcher(reply.text());
        if (!m.find()) {
            throw new FtpProtocolException("invalid EPSV reply: '" + reply + "'");
        }
        return port(Integer.parseInt(m.group(2)), reply);
    }

    static int pasvPort(FtpReply reply, InetAddress server) throws FtpProtocolException {
        Matcher m = PASV.matcher(reply.text());
        if (!m.find()) {
            throw new FtpProtocolException("invalid PASV reply: '" + reply + "'");
        }
        int high = Integer.parseInt(m.group(5));
        int low = Integer.parseInt(m.group(6));
        if (high > 255 || low > 255) {
            throw new FtpProtocolException("invalid PASV reply: '" + reply + "'");
        }
        String offered = m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4);
        if (!offered.equals(server.getHostAddress())) {
            LOG.log(System.Logger.Level.DEBUG, () -> "PASV offered " + offered + "; connecting to the control peer "
                    + server.getHostAddress() + " instead");
        }
        return port(high * 256 + low, reply);
    }

    private static int port(int port, FtpReply reply) throws FtpProtocolException {
        if (port < 1 || port > 65535) {
            throw new FtpProtocolException("invalid port " + port + " in reply '" + reply + "'");
        }
        return port;
    }

    @Override
    public TcpSocket socket() {
        return socket;
    }

    @Override
    public void close() {
        socket.close();
    }
}
