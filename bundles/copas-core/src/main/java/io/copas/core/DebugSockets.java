package io.copas.core;

import io.copas.core.spi.ForwardingTcpSocket;
import io.copas.core.spi.ForwardingUdpSocket;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Debug wrappers for sockets ({@code copas.debug.socket}): every operation on the wrapper (I/O,
 * settings, close) is logged with its arguments and its result or exception, then passed to the
 * socket; plain getters pass through unlogged. Extremely noisy; for debugging only.
 */
public final class DebugSockets {

    private static final int MAX_SHOWN_BYTES = 64;

    private DebugSockets() {
    }

    /**
     * Wraps a TCP socket.
     *
     * @param socket the socket
     * @param logger receives one line per call and one per result
     * @return a socket that logs and delegates
     */
    public static TcpSocket wrap(TcpSocket socket, Consumer<String> logger) {
        return new DebugTcpSocket(socket, logger);
    }

    /**
     * Wraps a UDP socket.
     *
     * @param socket the socket
     * @param logger receives one line per call and one per result
     * @return a socket that logs and delegates
     */
    public static UdpSocket wrap(UdpSocket socket, Consumer<String> logger) {
        return new DebugUdpSocket(socket, logger);
    }

    /** An operation passed to the wrapped socket. */
    @FunctionalInterface
    private interface Call<T, E extends Exception> {
        T run() throws E;
    }

    /** An operation without result passed to the wrapped socket. */
    @FunctionalInterface
    private interface VoidCall<E extends Exception> {
        void run() throws E;
    }

    /** Logs one call and its outcome. */
    private record CallLog(CopasSocket socket, Consumer<String> logger) {

        CallLog {
            Objects.requireNonNull(socket, "socket");
            Objects.requireNonNull(logger, "logger");
        }

        <T, E extends Exception> T call(String method, Call<T, E> call, Object... args) throws E {
            String line = socket.name() + ":" + method + "(" + show(args) + ")";
            logger.accept(line);
            try {
                T result = call.run();
                logger.accept(line + " -> " + show(result));
                return result;
            } catch (Exception | Error e) {
                logger.accept(line + " threw " + e);
                throw e;
            }
        }

        <E extends Exception> void run(String method, VoidCall<E> call, Object... args) throws E {
            call(method, () -> {
                call.run();
                return null;
            }, args);
        }
    }

    private static final class DebugTcpSocket extends ForwardingTcpSocket {

        private final CallLog log;

        DebugTcpSocket(TcpSocket socket, Consumer<String> logger) {
            super(socket);
            this.log = new CallLog(socket, logger);
        }

        @Override
        public void setName(String name) {
            log.run("setName", () -> delegate().setName(name), name);
        }

        @Override
        public void setTimeout(Duration timeout) {
            log.run("setTimeout", () -> delegate().setTimeout(timeout), timeout);
        }

        @Override
        public void setTimeouts(Duration connect, Duration send, Duration receive) {
            log.run("setTimeouts", () -> delegate().setTimeouts(connect, send, receive), connect, send, receive);
        }

        @Override
        public void close() {
            log.run("close", delegate()::close);
        }

        @Override
        public void connect(SocketAddress address) throws IOException {
            log.run("connect", () -> delegate().connect(address), address);
        }

        @Override
        public void connect(String host, int port) throws IOException {
            log.run("connect", () -> delegate().connect(host, port), host, port);
        }

        @Override
        public int send(byte[] data, int from, int to) throws IOException {
            return log.call("send", () -> delegate().send(data, from, to), data, from, to);
        }

        @Override
        public int send(byte[] data) throws IOException {
            return log.call("send", () -> delegate().send(data), data);
        }

        @Override
        public int send(String text) throws IOException {
            return log.call("send", () -> delegate().send(text), text);
        }

        @Override
        public int send(ByteBuffer src) throws IOException {
            return log.call("send", () -> delegate().send(src), src);
        }

        @Override
        public byte[] receive(ReceivePattern pattern, byte[] prefix) throws IOException {
            return log.call("receive", () -> delegate().receive(pattern, prefix), pattern, prefix);
        }

        @Override
        public byte[] receive(ReceivePattern pattern) throws IOException {
            return log.call("receive", () -> delegate().receive(pattern), pattern);
        }

        @Override
        public byte[] receive(int count) throws IOException {
            return log.call("receive", () -> delegate().receive(count), count);
        }

        @Override
        public String receiveLine() throws IOException {
            return log.call("receiveLine", delegate()::receiveLine);
        }

        @Override
        public byte[] receivePartial(ReceivePattern pattern, byte[] prefix) throws IOException {
            return log.call("receivePartial", () -> delegate().receivePartial(pattern, prefix), pattern, prefix);
        }

        @Override
        public int receivePartial(ByteBuffer dst) throws IOException {
            return log.call("receivePartial", () -> delegate().receivePartial(dst), dst);
        }

        @Override
        public void setReceiveLimit(int limit) {
            log.run("setReceiveLimit", () -> delegate().setReceiveLimit(limit), limit);
        }

        @Override
        public void shutdown(ShutdownMode how) throws IOException {
            log.run("shutdown", () -> delegate().shutdown(how), how);
        }

        @Override
        public <T> void setOption(SocketOption<T> option, T value) throws IOException {
            log.run("setOption", () -> delegate().setOption(option, value), option, value);
        }
    }

    private static final class DebugUdpSocket extends ForwardingUdpSocket {

        private final CallLog log;

        DebugUdpSocket(UdpSocket socket, Consumer<String> logger) {
            super(socket);
            this.log = new CallLog(socket, logger);
        }

        @Override
        public void setName(String name) {
            log.run("setName", () -> delegate().setName(name), name);
        }

        @Override
        public void setTimeout(Duration timeout) {
            log.run("setTimeout", () -> delegate().setTimeout(timeout), timeout);
        }

        @Override
        public void setTimeouts(Duration connect, Duration send, Duration receive) {
            log.run("setTimeouts", () -> delegate().setTimeouts(connect, send, receive), connect, send, receive);
        }

        @Override
        public void close() {
            log.run("close", delegate()::close);
        }

        @Override
        public byte[] receive(int size) throws IOException {
            return log.call("receive", () -> delegate().receive(size), size);
        }

        @Override
        public Datagram receiveFrom(int size) throws IOException {
            return log.call("receiveFrom", () -> delegate().receiveFrom(size), size);
        }

        @Override
        public void sendTo(byte[] data, SocketAddress target) throws IOException {
            log.run("sendTo", () -> delegate().sendTo(data, target), data, target);
        }

        @Override
        public void send(byte[] data) throws IOException {
            log.run("send", () -> delegate().send(data), data);
        }

        @Override
        public void setPeerName(SocketAddress peer) throws IOException {
            log.run("setPeerName", () -> delegate().setPeerName(peer), peer);
        }
    }

    private static String show(Object value) {
        if (value instanceof Object[] array) {
            StringBuilder out = new StringBuilder();
            for (Object element : array) {
                out.append(out.isEmpty() ? "" : ", ").append(show(element));
            }
            return out.toString();
        }
        if (value instanceof byte[] bytes) {
            String shown = new String(bytes, 0, Math.min(bytes.length, MAX_SHOWN_BYTES), StandardCharsets.ISO_8859_1);
            return quoted(shown) + (bytes.length > MAX_SHOWN_BYTES ? "... (" + bytes.length + " bytes)" : "");
        }
        if (value instanceof String text) {
            return quoted(text);
        }
        return String.valueOf(value);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }
}
