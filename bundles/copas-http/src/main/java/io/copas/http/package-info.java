/**
 * An HTTP/1.1 client for Copas tasks: Copas' {@code copas.http.request} in Java.
 *
 * <p>The simple form is {@link io.copas.http.Http#request(String)} (GET) and
 * {@link io.copas.http.Http#request(String, String)} (form POST); the generic form builds an
 * {@link io.copas.http.HttpRequest} (method, headers, body source, response sink, proxy,
 * redirect policy, timeouts, socket factory, TLS parameters) and sends it with an
 * {@link io.copas.http.HttpClient}, which keeps idle connections for reuse. Calls are made from
 * inside a task and block only that task. https needs the optional {@code io.copas.tls} module.
 */
@Export
@Version("0.1.0")
package io.copas.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
