package io.copas.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket peer on 127.0.0.1: each accepted connection runs {@link Script} on its own
 * thread, which writes whatever bytes a test needs (bad replies, trickles, proxies).
 */
final class RawServer implements AutoCloseable {

    /** What one connection does. */
    @FunctionalInterface
    interface Script {
        void run(Socket socket, InputStream in, OutputStream out, int index) throws Exception;
    }

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    RawServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("raw-accept").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    int index = connections.getAndIncrement();
                    Thread.ofPlatform().daemon().name("raw-" + index).start(() -> {
                        try (s) {
                            script.run(s, s.getInputStream(), s.getOutputStream(), index);
                        } catch (Exception ignored) {
                            // the client hung up: that is what many tests do
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    /** A server answering every connection's first request with {@code reply}, then closing. */
    static RawServer replying(byte[] reply) throws IOException {
        return new RawServer((s, in, out, i) -> {
            readHead(in);
            out.write(reply);
            out.flush();
        });
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Reads one request head (up to the empty line), or returns null at the end of the stream. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            state = b == (state % 2 == 0 ? '\r' : '\n') ? state + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads a head and records it. */
    String take(InputStream in) throws IOException {
        String head = readHead(in);
        if (head != null) {
            requests.add(head);
        }
        return head;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
