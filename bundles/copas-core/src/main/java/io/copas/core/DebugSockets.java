package io.copas.core;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Debug wrappers for sockets ({@code copas.debug.socket}): every call on the wrapper is logged
 * with its arguments and its result or exception, then passed to the socket. Extremely noisy;
 * for debugging only.
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
        return proxy(TcpSocket.class, socket, logger);
    }

    /**
     * Wraps a UDP socket.
     *
     * @param socket the socket
     * @param logger receives one line per call and one per result
     * @return a socket that logs and delegates
     */
    public static UdpSocket wrap(UdpSocket socket, Consumer<String> logger) {
        return proxy(UdpSocket.class, socket, logger);
    }

    private static <S extends CopasSocket> S proxy(Class<S> type, S socket, Consumer<String> logger) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(logger, "logger");
        InvocationHandler handler = (proxy, method, args) -> {
            String call = socket.name() + ":" + method.getName() + "(" + (args == null ? "" : show(args)) + ")";
            logger.accept(call);
            try {
                Object result = method.invoke(socket, args);
                logger.accept(call + " -> " + show(result));
                return result;
            } catch (InvocationTargetException e) {
                logger.accept(call + " threw " + e.getCause());
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
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
