package io.copas.ftp.internal;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.Task;
import io.copas.core.TcpSocket;
import io.copas.core.TransferTimeoutException;
import io.copas.ftp.FtpException;
import io.copas.ftp.FtpReply;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/**
 * An active data connection: the client listens on the control connection's local address,
 * announces it with {@code EPRT} (RFC 2428), else {@code PORT}, and accepts the server's
 * connection through a Copas server. Only a connection from the control connection's peer is
 * taken; any other is closed at once, so no third party can steal or inject the data.
 */
final class ActiveConnection implements DataConnection {

    private static final System.Logger LOG = System.getLogger("io.copas.ftp");

    private final Scheduler scheduler;
    private final Server server;
    private final InetAddress expectedPeer;
    private final Duration timeout;
    private Task waiter;
    private TcpSocket accepted;
    private Task handlerTask;
    private boolean released;

    private ActiveConnection(ControlConnection control, Duration timeout) throws IOException {
        this.scheduler = Copas.scheduler();
        this.timeout = timeout;
        this.expectedPeer = control.peer().getAddress();
        InetAddress local = ((InetSocketAddress) control.socket().localAddress()).getAddress();
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress(local, 0), 1);
        try {
            this.server = scheduler.addServer(channel, this::handle, timeout, "ftp-active");
        } catch (Throwable e) { // a removal while it waits (TaskRemovedError) too: never leak the socket
            channel.close();
            throw e;
        }
    }

    /**
     * Listens and announces the address with {@code EPRT}, else {@code PORT} (IPv4 only).
     *
     * @param control the control connection
     * @param timeout the accept timeout and the data socket's timeouts
     * @return the connection, waiting for the server
     * @throws IOException if the server refuses the address
     */
    static ActiveConnection open(ControlConnection control, Duration timeout) throws IOException {
        ActiveConnection active = new ActiveConnection(control, timeout);
        try {
            InetSocketAddress address = (InetSocketAddress) active.server.localAddress();
            InetAddress ip = address.getAddress();
            int port = address.getPort();
            boolean v6 = ip instanceof Inet6Address;
            control.send("EPRT", "|" + (v6 ? 2 : 1) + "|" + ip.getHostAddress().replaceFirst("%.*$", "") + "|" + port + "|");
            FtpReply reply = control.readFinal();
            if (reply.code() / 100 != 2) {
                if (v6) {
                    throw new FtpException("EPRT", reply);
                }
                control.send("PORT", ip.getHostAddress().replace('.', ',') + "," + (port >> 8) + "," + (port & 0xff));
                FtpReply portReply = control.readFinal();
                if (portReply.code() / 100 != 2) {
                    throw new FtpException("EPRT (" + reply.code() + ") and PORT", portReply);
                }
            }
            return active;
        } catch (Throwable e) { // a removal while it waits (TaskRemovedError) too: never leak the socket
            active.close();
            throw e;
        }
    }

    /** Runs in the server's handler task: hands the first connection from the right peer over. */
    private void handle(TcpSocket socket) throws IOException {
        InetSocketAddress from = (InetSocketAddress) socket.remoteAddress();
        if (accepted != null || released || !from.getAddress().equals(expectedPeer)) {
            LOG.log(System.Logger.Level.WARNING, () -> "refused a data connection from " + from
                    + ": only the FTP server " + expectedPeer.getHostAddress() + " may connect, once");
            socket.close();
            return;
        }
        socket.setName("ftp-data:" + from.getPort());
        accepted = socket;
        handlerTask = Copas.current();
        if (waiter != null) {
            Copas.wakeup(waiter);
        }
        // the socket lives as long as this task (autoclose): keep it until the transfer is done
        while (!released) {
            Copas.pauseForever();
        }
    }

    @Override
    public TcpSocket socket() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        waiter = Copas.current();
        try {
            while (accepted == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !Copas.suspend(Duration.ofNanos(left)) && accepted == null) {
                    throw new TransferTimeoutException("the FTP server did not open the active data connection within "
                            + timeout, null, -1);
                }
            }
        } finally {
            waiter = null;
        }
        scheduler.removeServer(server, false);
        return accepted;
    }

    @Override
    public void close() {
        released = true;
        scheduler.removeServer(server, false);
        if (accepted != null) {
            accepted.close();
        }
        if (handlerTask != null) {
            Copas.wakeup(handlerTask);
        }
    }
}
