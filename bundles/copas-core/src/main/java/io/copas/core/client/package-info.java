/**
 * Protocol clients found by scheme, the same way in every world: a task asks its scheduler for
 * {@code "http"}, {@code "ftp"} or {@code "smtp"} ({@link io.copas.core.Scheduler#client}) and
 * gets the client of whichever bundle or module provides it. In OSGi the providers are Declarative
 * Services components of the client bundles, created on first use; on the module path and the
 * class path they are found with {@link java.util.ServiceLoader}. Core never imports a client.
 */
@Export
@Version("0.1.0")
package io.copas.core.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
