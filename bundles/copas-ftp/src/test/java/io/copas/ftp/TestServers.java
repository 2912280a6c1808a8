package io.copas.ftp;

import io.copas.tls.TlsParameters;
import java.nio.file.Path;

/** Access to the package's test servers for tests in other packages (the README example). */
public final class TestServers {

    private TestServers() {
    }

    /** Apache FtpServer with explicit FTPS on 127.0.0.1, serving {@code root}. */
    public static AutoCloseable explicitFtps(Path root) throws Exception {
        return EmbeddedFtpServer.start(root, "127.0.0.1", FtpTlsMode.EXPLICIT);
    }

    /** The port of a server made here. */
    public static int port(AutoCloseable server) {
        return ((EmbeddedFtpServer) server).port;
    }

    /** Client TLS parameters that trust the test root (and verify host names). */
    public static TlsParameters trustingTheTestRoot() {
        return TlsParameters.builder().trustCertificates(TestCertificates.get().root).build();
    }
}
