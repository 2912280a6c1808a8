package io.copas.tls.internal.jfr;

/**
 * Emits the TLS handshake's Flight Recorder event. It is disabled in JFR's default settings, so
 * a handshake that is not recorded pays one {@code isEnabled()} check. Only reached through
 * {@code io.copas.tls.internal.TlsFlight}, which first checks that the {@code jdk.jfr} module is
 * there: the signatures here use no JFR type so that callers link without it.
 */
public final class HandshakeEvents {

    private static final TlsHandshakeEvent HANDSHAKE = new TlsHandshakeEvent();

    private HandshakeEvents() {
    }

    /**
     * Starts timing a handshake, if recorded.
     *
     * @return the event to pass to {@link #ended}, or {@code null}
     */
    public static Object started() {
        if (!HANDSHAKE.isEnabled()) {
            return null;
        }
        TlsHandshakeEvent event = new TlsHandshakeEvent();
        event.begin();
        return event;
    }

    /**
     * Ends a handshake and commits its event.
     *
     * @param started     what {@link #started()} returned
     * @param scheduler   the scheduler's name
     * @param socket      the socket's name
     * @param peerHost    the peer's host name or address, or {@code null}
     * @param peerPort    the peer's port, or -1
     * @param client      whether this end is the TLS client
     * @param protocol    the protocol agreed, or {@code null} on failure
     * @param cipherSuite the cipher suite agreed, or {@code null} on failure
     * @param failure     why it failed, or {@code null} on success
     */
    public static void ended(Object started, String scheduler, String socket, String peerHost, int peerPort,
            boolean client, String protocol, String cipherSuite, String failure) {
        if (started instanceof TlsHandshakeEvent event) {
            event.end();
            if (event.shouldCommit()) {
                event.scheduler = scheduler;
                event.socket = socket;
                event.peerHost = peerHost;
                event.peerPort = peerPort;
                event.client = client;
                event.protocol = protocol;
                event.cipherSuite = cipherSuite;
                event.success = failure == null;
                event.failure = failure;
                event.commit();
            }
        }
    }
}
