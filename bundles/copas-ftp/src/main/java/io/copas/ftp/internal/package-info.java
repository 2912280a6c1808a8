/**
 * Implementation of io.copas.ftp, never exported: the control and data connections, FTPS, URL
 * parsing and the client provider.
 */
package io.copas.ftp.internal;
