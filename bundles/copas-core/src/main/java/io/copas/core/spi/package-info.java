/**
 * For implementers of socket layers (TLS and the like) over Copas sockets: the receive buffer and
 * LuaSocket's receive patterns, written once, so a layered socket receives exactly as a plain one.
 */
@Export
@Version("0.2.0")
package io.copas.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
