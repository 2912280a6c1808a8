package io.copas.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * A blocking TLS client driven by hand over a JDK {@link SSLEngine}, on its own thread: it sees
 * exactly which records the server sends, such as whether a close_notify answers its own (a JDK
 * {@code SSLSocket} hides that, and cannot half-close TLS 1.2).
 */
final class EngineClient implements AutoCloseable {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer app;

    EngineClient(SSLContext context, String protocol, int port) throws IOException {
        channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        engine = context.createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {protocol});
        netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        engine.beginHandshake();
        while (engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING
                && engine.getHandshakeStatus() != HandshakeStatus.FINISHED) {
            step();
        }
    }

    /** Sends close_notify, then reads to the end: whether the server's close_notify came before it. */
    boolean closeAndSeeTheAnswer() throws IOException {
        engine.closeOutbound();
        wrap();
        while (!engine.isInboundDone()) {
            try {
                unwrapOnce();
            } catch (EOFException tcpEndFirst) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sends {@code request} and close_notify in one write, as a client that has nothing more to
     * say does, then reads to the end.
     *
     * @return what came back before the server's close_notify, or {@code null} if TCP ended first
     */
    String sendWithCloseAndReadTheAnswer(String request) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(2 * engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.wrap(request.getBytes(java.nio.charset.StandardCharsets.UTF_8)), out);
        engine.closeOutbound();
        engine.wrap(NOTHING, out);
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        StringBuilder answer = new StringBuilder();
        while (!engine.isInboundDone()) {
            try {
                unwrapOnce(answer);
            } catch (EOFException tcpEndFirst) {
                return null;
            }
        }
        return answer.toString();
    }

    private void step() throws IOException {
        switch (engine.getHandshakeStatus()) {
            case NEED_WRAP -> wrap();
            case NEED_TASK -> {
                for (Runnable task; (task = engine.getDelegatedTask()) != null;) {
                    task.run();
                }
            }
            default -> unwrapOnce();
        }
    }

    private void wrap() throws IOException {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(NOTHING, out);
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    private void unwrapOnce() throws IOException {
        unwrapOnce(null);
    }

    private void unwrapOnce(StringBuilder data) throws IOException {
        netIn.flip();
        SSLEngineResult r = engine.unwrap(netIn, app);
        netIn.compact();
        app.flip();
        if (data != null) {
            data.append(java.nio.charset.StandardCharsets.UTF_8.decode(app));
        }
        app.clear();
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || r.bytesConsumed() == 0 && !engine.isInboundDone()) {
            if (channel.read(netIn) < 0) {
                throw new EOFException("the server closed TCP");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
