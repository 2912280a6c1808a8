package io.copas.ftp;

import io.copas.ftp.internal.FtpUrl;
import io.copas.tls.TlsParameters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The generic form of a request (upstream's request table): server, login, what to transfer or
 * which commands to send, and how. Immutable; made with {@link #builder()} or
 * {@link #builder(String)}.
 *
 * <p>Defaults, as upstream: port 21 (990 for implicit FTPS), user {@value #DEFAULT_USER} with
 * password {@value #DEFAULT_PASSWORD} (anonymous login), no {@code TYPE} command unless a type is
 * given, a timeout of 60 seconds on every connect, send and receive. Unlike upstream, passive mode
 * tries {@code EPSV} and then {@code PASV}.
 */
public final class FtpRequest {

    /** The user name when none is given (upstream's {@code ftp.USER}). */
    public static final String DEFAULT_USER = "ftp";
    /** The password when none is given (upstream's {@code ftp.PASSWORD}). */
    public static final String DEFAULT_PASSWORD = "anonymous@anonymous.org";
    /** The timeout of each connect, send and receive when none is given (upstream's {@code ftp.TIMEOUT}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String path;
    private final String command;
    private final String argument;
    private final String check;
    private final List<FtpCommand> commands;
    private final FtpType type;
    private final boolean passive;
    private final FtpTlsMode tlsMode;
    private final TlsParameters tlsParameters;
    private final Duration timeout;
    private final FtpSource source;
    private final FtpSink sink;

    private FtpRequest(Builder b) {
        host = b.host;
        tlsMode = b.tlsMode;
        port = b.port >= 0 ? b.port : tlsMode == FtpTlsMode.IMPLICIT ? 990 : 21;
        user = b.user == null ? DEFAULT_USER : b.user;
        password = b.password == null ? DEFAULT_PASSWORD : b.password;
        path = b.path;
        command = b.command;
        argument = b.argument;
        check = b.check;
        commands = List.copyOf(b.commands);
        type = b.type;
        passive = b.passive;
        tlsParameters = b.tlsParameters;
        timeout = b.timeout;
        source = b.source;
        sink = b.sink;
    }

    /**
     * Starts an empty request.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a request from a URL, as {@link Builder#url(String)}.
     *
     * @param url {@code ftp://[user[:password]@]host[:port]/path[;type=a|i]}, or {@code ftps://} for implicit FTPS
     * @return a builder with the URL's parts set
     * @throws IllegalArgumentException if the URL is not such a URL
     */
    public static Builder builder(String url) {
        return new Builder().url(url);
    }

    /**
     * The server's host name or address literal.
     *
     * @return the host
     */
    public String host() {
        return host;
    }

    /**
     * The control connection's port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The user name.
     *
     * @return the user
     */
    public String user() {
        return user;
    }

    /**
     * The password.
     *
     * @return the password
     */
    public String password() {
        return password;
    }

    /**
     * The path of the file to transfer, as in the URL (decoded); a leading {@code /} is dropped
     * to make the argument of {@code RETR} or {@code STOR}, as upstream does.
     *
     * @return the path, or {@code null}
     */
    public String path() {
        return path;
    }

    /**
     * The transfer command instead of {@code RETR} (get) or {@code STOR} (put), for example
     * {@code NLST}, {@code LIST} or {@code APPE}; or the single command of
     * {@link Ftp#command(FtpRequest)}.
     *
     * @return the command, or {@code null}
     */
    public String command() {
        return command;
    }

    /**
     * The argument of the command, instead of the one made from {@link #path()}.
     *
     * @return the argument, or {@code null}
     */
    public String argument() {
        return argument;
    }

    /**
     * The reply the single command of {@link Ftp#command(FtpRequest)} must get.
     *
     * @return the check as {@code "2.."}, or {@code null}
     */
    public String check() {
        return check;
    }

    /**
     * The commands of {@link Ftp#command(FtpRequest)}, in order, when there are several.
     *
     * @return the commands, possibly empty
     */
    public List<FtpCommand> commands() {
        return commands;
    }

    /**
     * The transfer type.
     *
     * @return the type, or {@code null} to send no {@code TYPE} command
     */
    public FtpType type() {
        return type;
    }

    /**
     * Whether the data connection is passive (the client connects) rather than active.
     *
     * @return {@code true} by default
     */
    public boolean passive() {
        return passive;
    }

    /**
     * Whether and how TLS protects the connections.
     *
     * @return the mode
     */
    public FtpTlsMode tlsMode() {
        return tlsMode;
    }

    /**
     * The TLS parameters for FTPS.
     *
     * @return the parameters, or {@code null} for {@code TlsParameters.defaults()}
     */
    public TlsParameters tlsParameters() {
        return tlsParameters;
    }

    /**
     * The timeout of each connect, send, receive and accept.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Where an upload's bytes come from.
     *
     * @return the source, or {@code null}
     */
    public FtpSource source() {
        return source;
    }

    /**
     * Where a download's bytes go.
     *
     * @return the sink, or {@code null}
     */
    public FtpSink sink() {
        return sink;
    }

    @Override
    public String toString() {
        return "FtpRequest[" + user + "@" + host + ":" + port + (path == null ? "" : "/" + path)
                + (command == null ? "" : ", command=" + command) + ", tls=" + tlsMode + ", passive=" + passive + "]";
    }

    /** Builds an {@link FtpRequest}; each setter replaces the previous value. */
    public static final class Builder {

        private String host;
        private int port = -1;
        private String user;
        private String password;
        private String path;
        private String command;
        private String argument;
        private String check;
        private final List<FtpCommand> commands = new ArrayList<>();
        private FtpType type;
        private boolean passive = true;
        private FtpTlsMode tlsMode = FtpTlsMode.NONE;
        private TlsParameters tlsParameters;
        private Duration timeout = DEFAULT_TIMEOUT;
        private FtpSource source;
        private FtpSink sink;

        private Builder() {
        }

        /**
         * Sets host, port, user, password, path and type from a URL, as upstream's
         * {@code url} field; setters called afterwards override them.
         *
         * @param url {@code ftp://[user[:password]@]host[:port]/path[;type=a|i]} (percent-escapes
         *            decoded, IPv6 literals in brackets), or {@code ftps://...} for implicit FTPS
         * @return this builder
         * @throws IllegalArgumentException if the scheme is not ftp or ftps, the host is missing,
         *                                  or the type is not a or i
         */
        public Builder url(String url) {
            FtpUrl parsed = FtpUrl.parse(url);
            host = parsed.host();
            port = parsed.port();
            user = parsed.user();
            password = parsed.password();
            path = parsed.path();
            if (parsed.type() != null) {
                type = parsed.type();
            }
            if (parsed.implicitTls()) {
                tlsMode = FtpTlsMode.IMPLICIT;
            }
            return this;
        }

        /**
         * The server.
         *
         * @param host a host name (looked up in a blocking way, as in Copas) or an address literal
         * @return this builder
         */
        public Builder host(String host) {
            this.host = requireLine(host, "host");
            return this;
        }

        /**
         * The control port; -1 for the default (21, or 990 for implicit FTPS).
         *
         * @param port 0 to 65535, or -1
         * @return this builder
         */
        public Builder port(int port) {
            if (port < -1 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535 (or -1 for the default), was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The user name; {@code null} for {@value FtpRequest#DEFAULT_USER}.
         *
         * @param user the user
         * @return this builder
         */
        public Builder user(String user) {
            this.user = user == null ? null : requireLine(user, "user");
            return this;
        }

        /**
         * The password; {@code null} for {@value FtpRequest#DEFAULT_PASSWORD}.
         *
         * @param password the password
         * @return this builder
         */
        public Builder password(String password) {
            this.password = password == null ? null : requireLine(password, "password");
            return this;
        }

        /**
         * The file to transfer (a leading {@code /} is dropped, as upstream).
         *
         * @param path the path, or {@code null}
         * @return this builder
         */
        public Builder path(String path) {
            this.path = path == null ? null : requireLine(path, "path");
            return this;
        }

        /**
         * The transfer command instead of {@code RETR} or {@code STOR} (for example
         * {@code NLST}, {@code LIST}, {@code APPE}), or the single command of
         * {@link Ftp#command(FtpRequest)}.
         *
         * @param command the command
         * @return this builder
         */
        public Builder command(String command) {
            this.command = command == null ? null : FtpCommand.of(command, null).name();
            return this;
        }

        /**
         * The argument of {@link #command(String)}, instead of the one made from the path.
         *
         * @param argument the argument, or {@code null}
         * @return this builder
         */
        public Builder argument(String argument) {
            this.argument = argument == null ? null : requireLine(argument, "argument");
            return this;
        }

        /**
         * The reply the single command of {@link Ftp#command(FtpRequest)} must get.
         *
         * @param check three digits or dots, as {@code "2.."} or {@code "250"}, or alternatives split by
         *              {@code '|'} as {@code "2..|331"}; {@code null} accepts 1xx to 3xx
         * @return this builder
         */
        public Builder check(String check) {
            this.check = check == null ? null : new FtpCommand("NOOP", null, check).check();
            return this;
        }

        /**
         * Appends a command for {@link Ftp#command(FtpRequest)}, which sends them in order
         * (for example {@code RNFR} then {@code RNTO}).
         *
         * @param command the command
         * @return this builder
         */
        public Builder addCommand(FtpCommand command) {
            commands.add(Objects.requireNonNull(command, "command"));
            return this;
        }

        /**
         * The transfer type; {@code null} sends no {@code TYPE} command (the server's default,
         * usually ASCII).
         *
         * @param type the type
         * @return this builder
         */
        public Builder type(FtpType type) {
            this.type = type;
            return this;
        }

        /**
         * Passive (the default: {@code EPSV}, then {@code PASV}) or active ({@code EPRT}, then
         * {@code PORT}) data connections.
         *
         * @param passive {@code false} for active mode
         * @return this builder
         */
        public Builder passive(boolean passive) {
            this.passive = passive;
            return this;
        }

        /**
         * FTPS: explicit ({@code AUTH TLS}) or implicit; needs the module {@code io.copas.tls}.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder tls(FtpTlsMode mode) {
            this.tlsMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * FTPS with these TLS parameters (trust, protocols, client certificate); the server's
         * certificate and host name are verified unless they say otherwise.
         *
         * @param mode       explicit or implicit
         * @param parameters the TLS parameters
         * @return this builder
         */
        public Builder tls(FtpTlsMode mode, TlsParameters parameters) {
            this.tlsMode = Objects.requireNonNull(mode, "mode");
            this.tlsParameters = parameters;
            return this;
        }

        /**
         * The timeout of each connect, send, receive and accept (upstream's {@code ftp.TIMEOUT}).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Where an upload's bytes come from.
         *
         * @param source the source
         * @return this builder
         */
        public Builder source(FtpSource source) {
            this.source = source;
            return this;
        }

        /**
         * Where a download's bytes go.
         *
         * @param sink the sink
         * @return this builder
         */
        public Builder sink(FtpSink sink) {
            this.sink = sink;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         * @throws IllegalArgumentException if no host was set ({@code "missing hostname"})
         */
        public FtpRequest build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("missing hostname");
            }
            return new FtpRequest(this);
        }

        private static String requireLine(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(what + " must not contain CR, LF or NUL (it would inject a command)");
            }
            return value;
        }
    }
}
