/**
 * Copas for Java, SMTP: an SMTP client for Copas tasks ({@code copas.smtp}: send and message),
 * with STARTTLS, implicit TLS and AUTH, and a streaming MIME message builder. TLS comes from
 * {@code io.copas.tls} when it is present (an optional dependency): without it plain SMTP works
 * and a TLS request fails with an exception naming the missing module. The OSGi annotations are
 * read at build time only.
 */
module io.copas.smtp {
    requires transitive io.copas.core;
    requires static io.copas.tls;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;
    requires static org.osgi.service.component.annotations;

    exports io.copas.smtp;

    // found by scheme through Scheduler.client("smtp" | "smtps", SmtpClient.class)
    provides io.copas.core.client.ClientProvider with io.copas.smtp.internal.SmtpClientProvider;
}
