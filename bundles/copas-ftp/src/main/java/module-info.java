/**
 * Copas for Java, FTP: an FTP and FTPS client (upstream {@code copas.ftp}) used from Copas tasks
 * in plain blocking style. {@code io.copas.tls} is needed for FTPS only; without it, an FTPS
 * request fails with an exception naming that module.
 */
module io.copas.ftp {
    requires transitive io.copas.core;
    requires static io.copas.tls;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static org.osgi.service.component.annotations;

    exports io.copas.ftp;

    // found by scheme through Scheduler.client("ftp" | "ftps", FtpClient.class)
    provides io.copas.core.client.ClientProvider with io.copas.ftp.internal.FtpClientProvider;
}
