package io.copas.core.internal;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The one Copas socket of each channel of a scheduler. A second wrapper of the same channel would
 * register it again with the selector and take over the key's attachment, so the first wrapper's
 * waiting task would never be woken; wrapping again returns the existing socket instead, as
 * upstream's {@code copas.wrap} returns a socket that is already wrapped. Thread-safe: wrap may be
 * called from any thread.
 */
final class ChannelWrappers {

    /** Makes the socket of a channel that has none yet. */
    @FunctionalInterface
    interface Factory<S extends SocketBase> {

        /** The new socket. */
        S create() throws IOException;
    }

    private final ConcurrentMap<SelectableChannel, SocketBase> byChannel = new ConcurrentHashMap<>();

    /**
     * The socket of {@code channel}: the existing one, or a new one from {@code factory}, which
     * {@code adopted} is given once it is the channel's socket (the factory runs outside the map,
     * so neither holds a lock of the map).
     *
     * @throws IllegalStateException if the channel's socket is of another kind than {@code type}
     */
    <S extends SocketBase> S wrapOnce(SelectableChannel channel, Class<S> type, Factory<S> factory,
            Consumer<? super S> adopted) throws IOException {
        SocketBase socket = byChannel.get(channel);
        if (socket == null) {
            S created = factory.create();
            socket = byChannel.putIfAbsent(channel, created);
            if (socket == null) {
                adopted.accept(created);
                return created;
            }
        }
        if (!type.isInstance(socket)) {
            throw new IllegalStateException("channel is already wrapped as " + socket);
        }
        return type.cast(socket);
    }

    /** Records a socket made elsewhere (accepted connections, UDP servers). */
    void add(SocketBase socket) {
        byChannel.put(socket.selectable(), socket);
    }

    /** Forgets a closed socket, so that its channel could be wrapped afresh. */
    void remove(SocketBase socket) {
        byChannel.remove(socket.selectable(), socket);
    }
}
