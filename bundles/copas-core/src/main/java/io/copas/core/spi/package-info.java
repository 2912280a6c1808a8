/**
 * For implementers of socket layers (TLS and the like) over Copas sockets, written once so that a
 * layered socket behaves exactly as a plain one: the receive buffer and LuaSocket's receive
 * patterns (linear, with the receive limit), the argument rules, and forwarding sockets to build
 * layers and wrappers on; and for clients, the check for an optional module such as TLS.
 */
@Export
@Version("0.4.0")
package io.copas.core.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
