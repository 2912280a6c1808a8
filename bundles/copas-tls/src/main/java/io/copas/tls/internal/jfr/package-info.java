/**
 * JDK Flight Recorder events of the TLS driver, never exported; reached only through
 * io.copas.tls.internal.TlsFlight, which checks that jdk.jfr is there.
 */
package io.copas.tls.internal.jfr;
