/**
 * Implementation of io.copas.smtp, never exported: the SMTP session, reply reading, STARTTLS and
 * implicit TLS, AUTH, DATA writing, MIME encoding and the client provider.
 */
package io.copas.smtp.internal;
