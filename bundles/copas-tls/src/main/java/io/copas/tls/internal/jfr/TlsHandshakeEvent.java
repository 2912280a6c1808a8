package io.copas.tls.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** One TLS handshake over a Copas socket: its duration, who with, and what was agreed or why it failed. */
@Name("io.copas.TlsHandshake")
@Label("Copas TLS Handshake")
@Category({"Copas", "TLS"})
@Description("The initial TLS handshake of a Copas socket, from its first engine step to done or failed")
@Enabled(false)
@StackTrace(false)
@Threshold("0 ms")
public final class TlsHandshakeEvent extends jdk.jfr.Event {
    @Label("Scheduler")
    String scheduler;
    @Label("Socket")
    String socket;
    @Label("Peer Host")
    String peerHost;
    @Label("Peer Port")
    int peerPort;
    @Label("Client Side")
    @Description("true when this end is the TLS client")
    boolean client;
    @Label("Protocol")
    String protocol;
    @Label("Cipher Suite")
    String cipherSuite;
    @Label("Success")
    boolean success;
    @Label("Failure")
    @Description("why the handshake failed, or null")
    String failure;
}
