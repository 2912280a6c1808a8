package io.copas.ftp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.ClientAuth;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * Apache FtpServer in this JVM, on an ephemeral port, serving a temporary directory to two users:
 * upstream's anonymous login ({@value FtpRequest#DEFAULT_USER} with password
 * {@value FtpRequest#DEFAULT_PASSWORD}) and {@code me}/{@code secret}. With TLS, its certificate
 * comes from {@link TestCertificates}.
 */
final class EmbeddedFtpServer implements AutoCloseable {

    final Path root;
    final int port;
    private final FtpServer server;

    private final String[] protocols;

    private EmbeddedFtpServer(Path root, String address, FtpTlsMode tls, String... protocols) throws Exception {
        this.root = root;
        this.protocols = protocols.length == 0 ? new String[] {"TLSv1.3", "TLSv1.2"} : protocols;
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress(address);
        listener.setPort(0);
        if (tls != FtpTlsMode.NONE) {
            listener.setSslConfiguration(sslConfiguration());
            listener.setImplicitSsl(tls == FtpTlsMode.IMPLICIT);
        }
        factory.addListener("default", listener.createListener());
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(false);
        factory.setConnectionConfig(connections.createConnectionConfig());
        factory.setUserManager(users(root));
        server = factory.createServer();
        server.start();
        port = ((org.apache.ftpserver.impl.DefaultFtpServer) server).getListener("default").getPort();
    }

    /** Starts a server on {@code address}. */
    static EmbeddedFtpServer start(Path root, String address, FtpTlsMode tls, String... protocols) throws Exception {
        return new EmbeddedFtpServer(root, address, tls, protocols);
    }

    /** Starts a plain server on 127.0.0.1. */
    static EmbeddedFtpServer start(Path root) throws Exception {
        return start(root, "127.0.0.1", FtpTlsMode.NONE);
    }

    /** The URL of {@code path} on this server, for {@code userInfo} ("" for anonymous). */
    String url(String userInfo, String path) {
        return "ftp://" + (userInfo.isEmpty() ? "" : userInfo + "@") + "127.0.0.1:" + port + "/" + path;
    }

    private static UserManager users(Path root) throws Exception {
        PropertiesUserManagerFactory factory = new PropertiesUserManagerFactory();
        factory.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        UserManager users = factory.createUserManager();
        users.save(user(FtpRequest.DEFAULT_USER, FtpRequest.DEFAULT_PASSWORD, root));
        users.save(user("me", "secret", root));
        return users;
    }

    private static BaseUser user(String name, String password, Path home) {
        BaseUser user = new BaseUser();
        user.setName(name);
        user.setPassword(password);
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.<Authority>of(new WritePermission()));
        return user;
    }

    private SslConfiguration sslConfiguration() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(TestCertificates.get().serverKeyStore(), TestCertificates.PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return new SslConfiguration() {
            @Override
            public SSLSocketFactory getSocketFactory() {
                return context.getSocketFactory();
            }

            @Override
            public SSLContext getSSLContext() {
                return context;
            }

            @Override
            public SSLContext getSSLContext(String protocol) {
                return context;
            }

            @Override
            public String[] getEnabledCipherSuites() {
                return null;
            }

            @Override
            public String getEnabledProtocol() {
                return protocols[0];
            }

            @Override
            public String[] getEnabledProtocols() {
                return protocols.clone();
            }

            @Override
            public ClientAuth getClientAuth() {
                return ClientAuth.NONE;
            }
        };
    }

    /** Writes a file under the served directory. */
    Path write(String name, byte[] content) throws Exception {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    @Override
    public void close() {
        server.stop();
    }
}
