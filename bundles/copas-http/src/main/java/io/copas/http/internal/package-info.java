/**
 * Implementation of io.copas.http, never exported: the keep-alive pool, connections, request
 * writing, strict response parsing, TLS bridging and the client provider.
 */
package io.copas.http.internal;
