package io.copas.smtp;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends mail over SMTP from a Copas task. {@link Smtp#client()} gives the implementation of this
 * bundle; a service registry may hand out the same interface.
 */
@ProviderType
public interface SmtpClient {

    /**
     * Sends one message ({@code copas.smtp.send}), from inside a task: the conversation yields
     * the task at every wait. The connection is closed when this returns or throws.
     *
     * @param request what to send, where and how
     * @return the per-recipient outcome and the server's final reply
     * @throws SmtpException when the server refuses (the reply code and text are in it), answers
     *         something that is not SMTP, every recipient is refused, or the session cannot go on
     *         safely (TLS required but not offered, credentials over clear text)
     * @throws io.copas.core.TransferTimeoutException if the connect or a send or receive times out
     * @throws io.copas.core.TransferClosedException  if the server closes the connection
     * @throws IOException on other failures: TLS ({@link javax.net.ssl.SSLException}), the message source
     * @throws IllegalStateException if called outside a Copas task, or if the request needs TLS
     *         and the {@code io.copas.tls} module is absent
     */
    SmtpResult send(SmtpRequest request) throws IOException;
}
