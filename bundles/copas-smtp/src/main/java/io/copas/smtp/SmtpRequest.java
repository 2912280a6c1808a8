package io.copas.smtp;

import io.copas.tls.TlsParameters;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything {@link Smtp#send} needs, as the table given to {@code copas.smtp.send}: server,
 * port, sender, recipients, the message, credentials, the EHLO domain, TLS and timeouts. Built
 * with {@link #builder()}; the defaults are upstream's (server {@code localhost}, port 25,
 * domain {@code $SERVER_NAME} or {@code localhost}, 60 s timeouts).
 *
 * <p>A request holds its message source, which is read once: build one request per send.
 */
public final class SmtpRequest {

    /** The default server, as upstream's {@code smtp.SERVER}. */
    public static final String DEFAULT_SERVER = "localhost";
    /** The default port, as upstream's {@code smtp.PORT}. */
    public static final int DEFAULT_PORT = 25;
    /** The default port with implicit TLS (submissions over TLS, RFC 8314). */
    public static final int DEFAULT_IMPLICIT_TLS_PORT = 465;
    /** The default timeout of the connect and of each send or receive, as upstream's {@code smtp.TIMEOUT}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final String server;
    private final int port;
    private final String from;
    private final List<String> recipients;
    private final Supplier<MessageSource> source;
    private final boolean internationalHeaders;
    private final String user;
    private final String password;
    private final String domain;
    private final TlsPolicy tlsPolicy;
    private final boolean implicitTls;
    // typed Object so that this class loads without io.copas.tls (an optional dependency)
    private final Object tlsParameters;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final boolean allowAuthInClear;

    private SmtpRequest(Builder b) {
        server = b.server;
        port = b.port > 0 ? b.port : b.implicitTls ? DEFAULT_IMPLICIT_TLS_PORT : DEFAULT_PORT;
        from = b.from;
        recipients = List.copyOf(b.recipients);
        source = b.source;
        internationalHeaders = b.internationalHeaders;
        user = b.user;
        password = b.password;
        domain = b.domain;
        tlsPolicy = b.tlsPolicy;
        implicitTls = b.implicitTls;
        tlsParameters = b.tlsParameters;
        connectTimeout = b.connectTimeout;
        timeout = b.timeout;
        allowAuthInClear = b.allowAuthInClear;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The server's host name or address.
     *
     * @return the server
     */
    public String server() {
        return server;
    }

    /**
     * The server's port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The envelope sender ({@code MAIL FROM}); empty for the null sender {@code <>}.
     *
     * @return the address
     */
    public String from() {
        return from;
    }

    /**
     * The envelope recipients ({@code RCPT TO}), in order.
     *
     * @return the addresses
     */
    public List<String> recipients() {
        return recipients;
    }

    /**
     * Whether the message is known to hold UTF-8 in its header fields: a {@link MimeMessage}
     * with an address that is not ASCII (in Reply-To, say). Such a message goes only with
     * SMTPUTF8 (RFC 6531), as one with such an envelope address does. For a message given as
     * text, bytes or a stream this is {@code false}: it goes as it is, as upstream sends it.
     *
     * @return {@code true} if the message needs SMTPUTF8
     */
    public boolean internationalHeaders() {
        return internationalHeaders;
    }

    /**
     * Opens the message source; called once per send.
     *
     * @return the source
     */
    public MessageSource openSource() {
        return Objects.requireNonNull(source.get(), "message source");
    }

    /**
     * The user name for AUTH.
     *
     * @return the user, or empty when no AUTH is wanted
     */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /**
     * The password for AUTH.
     *
     * @return the password, or empty when no AUTH is wanted
     */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /**
     * The domain sent in EHLO/HELO.
     *
     * @return the domain
     */
    public String domain() {
        return domain;
    }

    /**
     * When STARTTLS is used.
     *
     * @return the policy
     */
    public TlsPolicy tlsPolicy() {
        return tlsPolicy;
    }

    /**
     * Whether the connection starts with TLS (SMTPS, port 465 by default).
     *
     * @return {@code true} for implicit TLS
     */
    public boolean implicitTls() {
        return implicitTls;
    }

    /**
     * Whether the request asks for TLS for sure: implicit TLS or {@link TlsPolicy#REQUIRED}.
     *
     * @return {@code true} when the send cannot go on without TLS
     */
    public boolean requiresTls() {
        return implicitTls || tlsPolicy == TlsPolicy.REQUIRED;
    }

    /**
     * The TLS parameters, when set; else {@link TlsParameters#defaults()} is used (certificate
     * and host name verification on). Calling this needs the {@code io.copas.tls} module.
     *
     * @return the parameters, or empty for the defaults
     */
    public Optional<TlsParameters> tlsParameters() {
        return Optional.ofNullable((TlsParameters) tlsParameters);
    }

    /**
     * The connect timeout (also bounds a TLS handshake).
     *
     * @return the timeout, or {@code null} for none
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The timeout of each send and receive on the connection.
     *
     * @return the timeout, or {@code null} for none
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Whether credentials may be sent over a connection without TLS.
     *
     * @return {@code true} if allowed
     */
    public boolean allowAuthInClear() {
        return allowAuthInClear;
    }

    @Override
    public String toString() {
        return "SmtpRequest[" + server + ":" + port + ", from=<" + from + ">, recipients=" + recipients
                + ", tls=" + (implicitTls ? "implicit" : tlsPolicy) + (user != null ? ", user=" + user : "") + "]";
    }

    /** Builds an {@link SmtpRequest}; each setter replaces the previous value. */
    public static final class Builder {

        private String server = DEFAULT_SERVER;
        private int port;
        private String from;
        private final List<String> recipients = new ArrayList<>();
        private Supplier<MessageSource> source;
        private boolean internationalHeaders;
        private String user;
        private String password;
        private String domain = defaultDomain();
        private TlsPolicy tlsPolicy = TlsPolicy.OPPORTUNISTIC;
        private boolean implicitTls;
        private Object tlsParameters;
        private Duration connectTimeout = DEFAULT_TIMEOUT;
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean allowAuthInClear;

        private Builder() {
        }

        private static String defaultDomain() {
            String name = System.getenv("SERVER_NAME");
            return name == null || name.isBlank() ? "localhost" : name;
        }

        /**
         * The server (default {@code localhost}). A host name is looked up with a blocking call,
         * as in Copas; pass an address literal to avoid it.
         *
         * @param server host name or address literal
         * @return this builder
         */
        public Builder server(String server) {
            this.server = requireText(server, "server");
            return this;
        }

        /**
         * The port (default 25, or 465 with implicit TLS).
         *
         * @param port 1 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The envelope sender ({@code MAIL FROM}), with or without angle brackets; {@code ""} or
         * {@code "<>"} for the null sender.
         *
         * @param from the address
         * @return this builder
         */
        public Builder from(String from) {
            this.from = Addresses.envelope(Objects.requireNonNull(from, "from"), "from");
            return this;
        }

        /**
         * Adds envelope recipients ({@code RCPT TO}).
         *
         * @param addresses addresses, with or without angle brackets
         * @return this builder
         */
        public Builder recipient(String... addresses) {
            return recipients(List.of(addresses));
        }

        /**
         * Adds envelope recipients ({@code RCPT TO}).
         *
         * @param addresses addresses, with or without angle brackets
         * @return this builder
         */
        public Builder recipients(Collection<String> addresses) {
            for (String address : addresses) {
                String rcpt = Addresses.envelope(Objects.requireNonNull(address, "recipient"), "recipient");
                if (rcpt.isEmpty()) {
                    throw new IllegalArgumentException("recipient must not be empty");
                }
                recipients.add(rcpt);
            }
            return this;
        }

        /**
         * The message as text, headers included, sent as UTF-8.
         *
         * @param message the message
         * @return this builder
         */
        public Builder message(String message) {
            Objects.requireNonNull(message, "message");
            source = () -> MessageSource.of(message);
            internationalHeaders = false;
            return this;
        }

        /**
         * The message as bytes, headers included.
         *
         * @param message the message
         * @return this builder
         */
        public Builder message(byte[] message) {
            Objects.requireNonNull(message, "message");
            source = () -> MessageSource.of(message);
            internationalHeaders = false;
            return this;
        }

        /**
         * The message from a stream, headers included; the stream is closed when the send ends.
         *
         * @param message the message
         * @return this builder
         */
        public Builder message(InputStream message) {
            Objects.requireNonNull(message, "message");
            source = () -> MessageSource.of(message);
            internationalHeaders = false;
            return this;
        }

        /**
         * The message from a pull function, headers included.
         *
         * @param message the source
         * @return this builder
         */
        public Builder message(MessageSource message) {
            Objects.requireNonNull(message, "message");
            source = () -> message;
            internationalHeaders = false;
            return this;
        }

        /**
         * A MIME message; also sets the envelope sender and recipients from its From, To, Cc and
         * Bcc unless they were set before this call ({@link #from} after it replaces the sender,
         * {@link #recipient} after it adds recipients).
         *
         * @param message the message
         * @return this builder
         */
        public Builder message(MimeMessage message) {
            Objects.requireNonNull(message, "message");
            source = message::source;
            internationalHeaders = message.internationalHeaders();
            if (from == null) {
                message.sender().ifPresent(this::from);
            }
            if (recipients.isEmpty()) {
                recipients(message.recipients());
            }
            return this;
        }

        /**
         * Credentials for AUTH (PLAIN, LOGIN or CRAM-MD5, as the server offers). They are sent
         * only over TLS, or to a server on this machine, unless {@link #allowAuthInClear(boolean)}
         * says otherwise.
         *
         * @param user     the user name
         * @param password the password
         * @return this builder
         */
        public Builder credentials(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * The domain for EHLO/HELO (default {@code $SERVER_NAME}, else {@code localhost}).
         *
         * @param domain a domain or address literal such as {@code [192.0.2.1]}
         * @return this builder
         */
        public Builder domain(String domain) {
            this.domain = Addresses.requireNoLineBreak(requireText(domain, "domain"), "domain");
            return this;
        }

        /**
         * When STARTTLS is used (default {@link TlsPolicy#OPPORTUNISTIC}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder tlsPolicy(TlsPolicy policy) {
            this.tlsPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Starts the connection with TLS (SMTPS); the port defaults to 465.
         *
         * @param implicitTls {@code true} for implicit TLS
         * @return this builder
         */
        public Builder implicitTls(boolean implicitTls) {
            this.implicitTls = implicitTls;
            return this;
        }

        /**
         * The TLS parameters for STARTTLS and implicit TLS (default
         * {@link TlsParameters#defaults()}: certificates and host name verified). Without a
         * server name in them, the server's host name is sent as SNI and verified.
         *
         * @param parameters the parameters
         * @return this builder
         */
        public Builder tlsParameters(TlsParameters parameters) {
            this.tlsParameters = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        /**
         * Sets the connect timeout and the timeout of each send and receive at once.
         *
         * @param timeout the timeout, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if it is zero or negative
         */
        public Builder timeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "timeout");
            this.timeout = timeout;
            return this;
        }

        /** {@code timeout} if positive or {@code null}; else refused, naming {@code what}. */
        private static Duration positive(Duration timeout, String what) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException(what + " must be positive (null for none), was " + timeout);
            }
            return timeout;
        }

        /**
         * The connect timeout, which also bounds a TLS handshake (default 60 s).
         *
         * @param timeout the timeout, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if it is zero or negative
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * The timeout of each send and receive (default 60 s): a server that stalls fails the
         * send once it expires.
         *
         * @param timeout the timeout, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException if it is zero or negative
         */
        public Builder ioTimeout(Duration timeout) {
            this.timeout = positive(timeout, "ioTimeout");
            return this;
        }

        /**
         * Allows AUTH over a connection without TLS to another machine (off by default: the
         * credentials would travel in clear text). A server on a loopback address gets them
         * without TLS anyway: they never leave the machine.
         *
         * @param allow {@code true} to allow it
         * @return this builder
         */
        public Builder allowAuthInClear(boolean allow) {
            this.allowAuthInClear = allow;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalStateException if the sender, the recipients or the message are missing
         */
        public SmtpRequest build() {
            if (from == null) {
                throw new IllegalStateException("from is not set");
            }
            if (recipients.isEmpty()) {
                throw new IllegalStateException("no recipient is set");
            }
            if (source == null) {
                throw new IllegalStateException("message is not set");
            }
            return new SmtpRequest(this);
        }

        private static String requireText(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
