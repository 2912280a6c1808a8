/**
 * Implementation of io.copas.tls, never exported: the SSLEngine driver (TlsState with its
 * Handshaker, InboundPump, OutboundPump and Closer), key material and SNI.
 */
package io.copas.tls.internal;
