package io.copas.ftp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A scripted FTP server on plain platform threads and blocking sockets, for replies no real
 * server sends: each connection runs the script; every command it reads is recorded.
 */
final class RawFtpServer implements AutoCloseable {

    /** What the server does with one control connection. */
    @FunctionalInterface
    interface Script {
        void serve(Connection connection) throws Exception;
    }

    /** One control connection, seen from the server. */
    final class Connection {
        Socket socket;
        BufferedReader in;
        OutputStream out;

        Connection(Socket socket) throws IOException {
            use(socket);
        }

        private void use(Socket s) throws IOException {
            this.socket = s;
            this.in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            this.out = s.getOutputStream();
        }

        /** Server side TLS on the control connection, after {@code 234}. */
        SSLSocket upgrade(SSLContext context) throws IOException {
            SSLSocket tls = serverSide(context, socket);
            use(tls);
            return tls;
        }

        /** Sends raw text as it is (give the CR LF yourself). */
        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads the next command line, recording it; fails at the end of the stream. */
        String read() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the client closed the control connection");
            }
            commands.add(line);
            return line;
        }

        /** Reads the next command and checks it starts with {@code prefix}. */
        String expect(String prefix) throws IOException {
            String line = read();
            if (!line.startsWith(prefix)) {
                throw new IOException("expected " + prefix + ", got " + line);
            }
            return line;
        }

        /** Greets and accepts any login. */
        void greetAndLogin() throws IOException {
            send("220 raw server\r\n");
            login();
        }

        /** Accepts any login. */
        void login() throws IOException {
            expect("USER");
            send("331 password please\r\n");
            expect("PASS");
            send("230 in\r\n");
        }

        /** A data listener on 127.0.0.1, closed with the server. */
        ServerSocket listen() throws IOException {
            ServerSocket data = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            resources.add(data);
            return data;
        }

        /** Answers the client's EPSV with a new data listener, returned. */
        ServerSocket epsv() throws IOException {
            expect("EPSV");
            ServerSocket data = listen();
            send("229 Entering Extended Passive Mode (|||" + data.getLocalPort() + "|)\r\n");
            return data;
        }

        /** Greets, logs in, answers EPSV and then {@code command} with a 150; returns the data listener. */
        ServerSocket passiveTransferBegun(String command) throws IOException {
            greetAndLogin();
            ServerSocket data = epsv();
            expect(command);
            send("150 here it comes\r\n");
            return data;
        }

        /** Blocks until the client has closed the control connection. */
        void waitForClose() throws IOException {
            while (in.read() >= 0) {
                // drain
            }
        }
    }

    /** Server side TLS 1.2 over {@code plain}, handshake done. */
    static SSLSocket serverSide(SSLContext context, Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.setEnabledProtocols(new String[] {"TLSv1.2"});
        tls.startHandshake();
        return tls;
    }

    final List<String> commands = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
    private final ServerSocket listener;
    private final Thread acceptor;

    RawFtpServer(Script script) throws IOException {
        listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("raw-ftp").start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    resources.add(socket);
                    Thread.ofPlatform().daemon().name("raw-ftp-conn").start(() -> {
                        try (socket) {
                            script.serve(new Connection(socket));
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** A request to this server with a short timeout. */
    FtpRequest.Builder request() {
        return FtpRequest.builder().host("127.0.0.1").port(port()).timeout(java.time.Duration.ofMillis(500));
    }

    @Override
    public void close() throws Exception {
        listener.close();
        for (AutoCloseable r : resources) {
            r.close();
        }
        acceptor.join(5000);
    }
}
