/**
 * SMTP client and MIME messages for Copas tasks: Copas' {@code copas.smtp.send} and
 * {@code copas.smtp.message}.
 *
 * <p>Build a {@link io.copas.smtp.SmtpRequest} and pass it to {@link io.copas.smtp.Smtp#send}
 * from inside a task; the conversation yields the task instead of blocking the loop. Build the
 * message with {@link io.copas.smtp.MimeMessage#builder()}, or pass any
 * {@link io.copas.smtp.MessageSource}: messages are streamed, never held in memory whole.
 */
@Export
@Version("0.1.0")
package io.copas.smtp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
