/**
 * An FTP and FTPS client for Copas tasks (upstream {@code copas.ftp}): {@link io.copas.ftp.Ftp#get(String)}
 * and {@link io.copas.ftp.Ftp#put(String, byte[])} for the simple form, {@link io.copas.ftp.FtpRequest}
 * with {@link io.copas.ftp.Ftp#get(FtpRequest)}, {@link io.copas.ftp.Ftp#put(FtpRequest)} and
 * {@link io.copas.ftp.Ftp#command(FtpRequest)} for the generic form. Every call blocks its task in
 * Copas style and never the loop.
 *
 * <p>Passive mode by default (EPSV, then PASV, always to the control connection's peer); active
 * mode (EPRT, then PORT) on request. FTPS (explicit with {@code AUTH TLS}, or implicit) needs the
 * optional module {@code io.copas.tls}.
 */
@Export
@Version("0.1.0")
package io.copas.ftp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
