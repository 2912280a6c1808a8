package io.copas.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw SMTP peer on 127.0.0.1 for hostile and TLS cases: it accepts one connection on a platform
 * thread and plays a script. What the client sent is kept line by line in {@link #received}.
 */
final class ScriptedServer implements AutoCloseable {

    /** The script: what the server says and expects. */
    @FunctionalInterface
    interface Script {
        void play(Peer peer) throws Exception;
    }

    final List<String> received = new CopyOnWriteArrayList<>();
    private final ServerSocket listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile Socket connection;

    ScriptedServer(Script script) throws IOException {
        this(InetAddress.getLoopbackAddress(), script);
    }

    /** A server listening on {@code address} (one of this machine's). */
    ScriptedServer(InetAddress address, Script script) throws IOException {
        listener = new ServerSocket(0, 1, address);
        Thread.ofPlatform().daemon().name("scripted-smtp").start(() -> {
            try (Socket s = listener.accept()) {
                connection = s;
                s.setSoTimeout(20_000);
                script.play(new Peer(s));
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
    }

    /** The address it listens on. */
    InetAddress address() {
        return listener.getInetAddress();
    }

    /**
     * An address of this machine that is not a loopback one (so that a client does not take the
     * server for a local one), if the machine has one.
     */
    static java.util.Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return java.net.NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                .findFirst();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Waits until the script ended and rethrows its failure. */
    void awaitScript() throws Exception {
        done.get(30, TimeUnit.SECONDS);
    }

    /** Whether the client ever sent a line starting with {@code prefix}. */
    boolean clientSent(String prefix) {
        return received.stream().anyMatch(l -> l.startsWith(prefix));
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Socket s = connection;
        if (s != null) {
            s.close();
        }
    }

    /** The server's side of the connection. */
    final class Peer {
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Peer(Socket socket) throws IOException {
            use(socket);
        }

        private void use(Socket s) throws IOException {
            socket = s;
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        /** Sends raw text (add CRLF yourself). */
        Peer raw(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** Sends one reply line. */
        Peer say(String line) throws IOException {
            return raw(line + "\r\n");
        }

        /** Reads one line from the client (without CRLF), or null at the end of the stream. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                b.write(c);
            }
            if (c == -1 && b.size() == 0) {
                return null;
            }
            String line = b.toString(StandardCharsets.UTF_8);
            line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            received.add(line);
            return line;
        }

        /** Reads a line, which must start with {@code prefix}, and answers it. */
        Peer on(String prefix, String... reply) throws IOException {
            String line = line();
            if (line == null || !line.toUpperCase().startsWith(prefix.toUpperCase())) {
                throw new AssertionError("expected " + prefix + ", got " + line);
            }
            for (String r : reply) {
                say(r);
            }
            return this;
        }

        /** The usual opening: greeting and an EHLO reply with the given extensions. */
        Peer greet(String... extensions) throws IOException {
            say("220 scripted ESMTP");
            line();
            if (extensions.length == 0) {
                return say("250 scripted");
            }
            say("250-scripted");
            for (int i = 0; i < extensions.length; i++) {
                say((i == extensions.length - 1 ? "250 " : "250-") + extensions[i]);
            }
            return this;
        }

        /** Reads the message data up to the final dot line; returns it exactly as sent, terminator included. */
        byte[] data() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int state = 2; // 0: in a line, 1: after CR, 2: at line start after CRLF, 3: a dot at line start, 4: dot CR
            int c;
            while ((c = in.read()) != -1) {
                b.write(c);
                state = switch (state) {
                    case 2 -> c == '.' ? 3 : c == '\r' ? 1 : 0;
                    case 3 -> c == '\r' ? 4 : c == '\n' ? 0 : 0;
                    case 4 -> c == '\n' ? 5 : 0;
                    case 1 -> c == '\n' ? 2 : c == '\r' ? 1 : 0;
                    default -> c == '\r' ? 1 : 0;
                };
                if (state == 5) {
                    return b.toByteArray();
                }
            }
            throw new IOException("data ended without the final dot");
        }

        /** Counts the message data up to the final dot line, keeping nothing. */
        long countData() throws IOException {
            byte[] buffer = new byte[64 * 1024];
            long count = 0;
            int tail = 0; // how much of "\r\n.\r\n" the stream ends with
            byte[] end = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
            int n;
            while ((n = in.read(buffer)) != -1) {
                for (int i = 0; i < n; i++) {
                    count++;
                    byte c = buffer[i];
                    tail = c == end[tail] ? tail + 1 : c == end[0] ? 1 : 0;
                    if (tail == end.length) {
                        if (i != n - 1) {
                            throw new IOException("data after the final dot");
                        }
                        return count;
                    }
                }
            }
            throw new IOException("data ended without the final dot");
        }

        /** Server side of a TLS handshake on the connection (after a 220 to STARTTLS, or at once). */
        Peer startTls(SSLContext context) throws IOException {
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            use(tls);
            return this;
        }

        /** Closes the connection at once, unread input and all (the client's sends then fail). */
        void hangUp() throws IOException {
            socket.close();
        }

        /** Waits for the client to close (or reset) its side. */
        void drain() throws IOException {
            byte[] buffer = new byte[64 * 1024];
            try {
                while (in.read(buffer) != -1) {
                    // discard
                }
            } catch (IOException closed) {
                // a reset is a close as well
            }
        }
    }
}
