package io.copas.ftp;

/** Whether and how a request protects its connections with TLS (FTPS, RFC 4217). */
public enum FtpTlsMode {
    /** Plain FTP: nothing is encrypted, not even the password. */
    NONE,
    /**
     * Explicit FTPS: connect in plain text, then {@code AUTH TLS}, {@code PBSZ 0} and
     * {@code PROT P}, so that the login and every data connection are encrypted. A server that
     * refuses {@code AUTH TLS} ends the request before the user name or password is sent.
     */
    EXPLICIT,
    /** Implicit FTPS: TLS from the first byte (port 990 by default, URL scheme {@code ftps}). */
    IMPLICIT
}
