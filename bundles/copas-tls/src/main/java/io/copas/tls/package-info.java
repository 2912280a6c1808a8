/**
 * TLS over Copas sockets: Copas' {@code copas.wrap(skt, sslparams)}, {@code copas.handler(fn,
 * sslparams)}, {@code sock:dohandshake}, {@code sock:sni}, {@code getalpn} and {@code getsniname}.
 *
 * <p>Start with {@link io.copas.tls.TlsParameters} (secure by default: TLS 1.2 and 1.3 only,
 * certificate and host name verification on for clients) and {@link io.copas.tls.Tls}: a client
 * calls {@link io.copas.tls.Tls#connect Tls.connect}, a server passes
 * {@link io.copas.tls.Tls#handler Tls.handler} to {@link io.copas.core.Scheduler#addServer}. A
 * {@link io.copas.tls.TlsSocket} is a {@link io.copas.core.TcpSocket}: receive patterns, partial
 * receives, timeouts and close work as on plain sockets.
 */
@Export
@Version("0.2.0")
package io.copas.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
