package io.copas.smtp;

/** Whether a plain SMTP connection is upgraded with STARTTLS. */
public enum TlsPolicy {
    /** Never send STARTTLS: the whole session is in clear text (unless implicit TLS is on). */
    OFF,
    /**
     * Upgrade when the server offers STARTTLS and the {@code io.copas.tls} module is present;
     * otherwise go on in clear text. Once the upgrade starts, a failed handshake (also a failed
     * certificate check) fails the send: there is no way back to clear text on that connection.
     */
    OPPORTUNISTIC,
    /**
     * Upgrade or fail: the send fails, before any mail command or credential is sent, when the
     * server does not offer STARTTLS, refuses it, or the handshake fails.
     */
    REQUIRED
}
