package io.copas.smtp;

import io.copas.smtp.internal.ConcatSource;
import io.copas.smtp.internal.ConcatSource.Opener;
import io.copas.smtp.internal.HeaderFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A MIME message (RFC 5322, RFC 2045-2049), as upstream's {@code smtp.message}: header fields and
 * a body (a {@link MimePart}: text, attachments, multiparts). {@link #source()} streams it: text
 * is encoded in memory, files and streams while they are read, so a large attachment never
 * sits in memory whole.
 *
 * <pre>{@code
 * MimeMessage message = MimeMessage.builder()
 *         .from("ana@example.org", "Ana")
 *         .to("bob@example.org")
 *         .subject("Grüße")
 *         .body(MimePart.multipart("mixed")
 *                 .part(MimePart.text("See the report."))
 *                 .part(MimePart.file(Path.of("report.pdf"), "application/pdf"))
 *                 .build())
 *         .build();
 * }</pre>
 */
public final class MimeMessage {

    // a two-digit day, as upstream's %d
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    /** The header fields that hold addresses: in them only display names may be encoded. */
    private static final Set<String> ADDRESS_FIELDS = Set.of("from", "sender", "reply-to", "to",
            "cc", "bcc", "resent-from", "resent-sender", "resent-to", "resent-cc", "resent-bcc",
            "disposition-notification-to", "return-receipt-to", "mail-followup-to", "mail-reply-to", "errors-to");

    private final String headers;
    private final MimePart body;
    private final String sender;
    private final List<String> recipients;

    private MimeMessage(String headers, MimePart body, String sender, List<String> recipients) {
        this.headers = headers;
        this.body = body;
        this.sender = sender;
        this.recipients = List.copyOf(recipients);
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The message as a source, for {@link SmtpRequest.Builder#message(MessageSource)}: header
     * fields, then the body. A message with a stream attachment yields one source only.
     *
     * @return a new source
     * @throws IllegalStateException if a stream attachment was already sent
     */
    public MessageSource source() {
        List<Opener> openers = new ArrayList<>();
        body.addTo(openers, headers);
        return new ConcatSource(openers);
    }

    /**
     * Writes the message, as {@link #source()} yields it. Like {@code source()}, it reads stream
     * attachments, which can be read once only: a message written here cannot be sent after.
     *
     * @param out where to write; not closed
     * @throws IOException if reading an attachment or writing fails
     */
    public void writeTo(OutputStream out) throws IOException {
        try (MessageSource source = source()) {
            for (byte[] chunk = source.next(); chunk != null; chunk = source.next()) {
                out.write(chunk);
            }
        }
    }

    /** Whether a header field holds UTF-8 (an address that is not ASCII): the message needs SMTPUTF8. */
    boolean internationalHeaders() {
        return !HeaderFormat.isAscii(headers);
    }

    /**
     * The From address, the default envelope sender.
     *
     * @return the address, or empty if no From was set
     */
    public Optional<String> sender() {
        return Optional.ofNullable(sender);
    }

    /**
     * The To, Cc and Bcc addresses, the default envelope recipients (Bcc is not in the header).
     *
     * @return the addresses, in order
     */
    public List<String> recipients() {
        return recipients;
    }

    /**
     * Builds a {@link MimeMessage}. Date and Message-ID are added unless set; MIME-Version is
     * always 1.0. A header value with CR or LF is refused; non-ASCII text becomes RFC 2047
     * encoded-words.
     */
    public static final class Builder {

        private final Map<String, String[]> fields = new LinkedHashMap<>();
        private final List<String> to = new ArrayList<>();
        private final List<String> cc = new ArrayList<>();
        private final List<String> envelope = new ArrayList<>();
        private String sender;
        private MimePart body;

        private Builder() {
        }

        /**
         * The author (From).
         *
         * @param address the address
         * @return this builder
         */
        public Builder from(String address) {
            return from(address, null);
        }

        /**
         * The author (From) with a display name.
         *
         * @param address     the address
         * @param displayName the name shown, or {@code null}
         * @return this builder
         */
        public Builder from(String address, String displayName) {
            String mailbox = mailbox(address, displayName);
            sender = bare(address);
            put("From", mailbox);
            return this;
        }

        /**
         * Adds primary recipients (To).
         *
         * @param addresses the addresses
         * @return this builder
         */
        public Builder to(String... addresses) {
            for (String address : addresses) {
                to(address, null);
            }
            return this;
        }

        /**
         * Adds a primary recipient (To) with a display name.
         *
         * @param address     the address
         * @param displayName the name shown, or {@code null}
         * @return this builder
         */
        public Builder to(String address, String displayName) {
            to.add(mailbox(address, displayName));
            envelope.add(bare(address));
            put("To", String.join(", ", to));
            return this;
        }

        /**
         * Adds copy recipients (Cc).
         *
         * @param addresses the addresses
         * @return this builder
         */
        public Builder cc(String... addresses) {
            for (String address : addresses) {
                cc.add(mailbox(address, null));
                envelope.add(bare(address));
            }
            if (!cc.isEmpty()) { // RFC 5322: a Cc field names at least one address
                put("Cc", String.join(", ", cc));
            }
            return this;
        }

        /**
         * Adds blind copy recipients: envelope recipients that no header names.
         *
         * @param addresses the addresses
         * @return this builder
         */
        public Builder bcc(String... addresses) {
            for (String address : addresses) {
                envelope.add(bare(address));
            }
            return this;
        }

        /**
         * Where replies go (Reply-To).
         *
         * @param address the address
         * @return this builder
         */
        public Builder replyTo(String address) {
            put("Reply-To", mailbox(address, null));
            return this;
        }

        /**
         * The subject; non-ASCII text becomes encoded-words.
         *
         * @param subject the subject, without CR or LF
         * @return this builder
         */
        public Builder subject(String subject) {
            return header("Subject", subject);
        }

        /**
         * The date (default: when {@link #build()} is called, in the system's zone).
         *
         * @param date the date
         * @return this builder
         */
        public Builder date(ZonedDateTime date) {
            put("Date", DATE.format(Objects.requireNonNull(date, "date")));
            return this;
        }

        /**
         * The Message-ID (default: a random one at the sender's domain).
         *
         * @param id the id, with or without angle brackets, such as {@code 1234@example.org}
         * @return this builder
         */
        public Builder messageId(String id) {
            String bare = bare(id);
            if (bare.indexOf('@') <= 0) {
                throw new IllegalArgumentException("a Message-ID has the form left@right: '" + bare + "'");
            }
            put("Message-ID", "<" + bare + ">");
            return this;
        }

        /**
         * Sets a header field (upstream's headers table: one value per name, the last one wins);
         * non-ASCII text becomes encoded-words. In an address field (From, Sender, Reply-To, To,
         * Cc, Bcc, their Resent- forms, Disposition-Notification-To, Return-Receipt-To,
         * Mail-Followup-To, Mail-Reply-To, Errors-To) only the display names are encoded, so the
         * addresses stay readable: {@code header("Sender", "Jörg <j@example.org>")}.
         *
         * @param name  the field name; not MIME-Version or Content-*, which the message and its body set
         * @param value the value, without CR or LF
         * @return this builder
         * @throws IllegalArgumentException if the name is invalid or managed, or the value holds CR or LF
         */
        public Builder header(String name, String value) {
            HeaderFormat.checkName(Objects.requireNonNull(name, "name"));
            HeaderFormat.checkValue(name, Objects.requireNonNull(value, "value"));
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("mime-version") || lower.startsWith("content-")) {
                throw new IllegalArgumentException(name + " is set by the message (MIME-Version) or its body part (Content-*)");
            }
            // in an address field only the display names may be encoded-words (RFC 2047 section 5)
            String encoded = ADDRESS_FIELDS.contains(lower) ? HeaderFormat.addresses(value) : HeaderFormat.text(value);
            fields.put(lower, new String[] {name, encoded});
            return this;
        }

        /**
         * The body as plain text ({@link MimePart#text}).
         *
         * @param text the text
         * @return this builder
         */
        public Builder text(String text) {
            return body(MimePart.text(text));
        }

        /**
         * The body.
         *
         * @param body a part, often a multipart
         * @return this builder
         */
        public Builder body(MimePart body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /**
         * Builds the message.
         *
         * @return the message
         */
        public MimeMessage build() {
            StringBuilder head = new StringBuilder();
            String[] date = fields.get("date");
            head.append(HeaderFormat.field("Date", date != null ? date[1] : DATE.format(ZonedDateTime.now())));
            for (Map.Entry<String, String[]> field : fields.entrySet()) {
                if (!field.getKey().equals("date")) {
                    head.append(HeaderFormat.field(field.getValue()[0], field.getValue()[1]));
                }
            }
            if (!fields.containsKey("message-id")) {
                head.append(HeaderFormat.field("Message-ID", "<" + UUID.randomUUID() + "@" + domain() + ">"));
            }
            head.append("MIME-Version: 1.0\r\n");
            return new MimeMessage(head.toString(), body != null ? body : MimePart.text(""), sender, envelope);
        }

        private String domain() {
            int at = sender == null ? -1 : sender.lastIndexOf('@');
            return at < 0 || at == sender.length() - 1 ? "localhost" : sender.substring(at + 1);
        }

        private void put(String name, String value) {
            fields.put(name.toLowerCase(Locale.ROOT), new String[] {name, value});
        }

        private static String bare(String address) {
            String bare = Addresses.envelope(Objects.requireNonNull(address, "address"), "address");
            if (bare.isEmpty()) {
                throw new IllegalArgumentException("address must not be empty");
            }
            return bare;
        }

        private static String mailbox(String address, String displayName) {
            String bare = bare(address);
            if (displayName == null || displayName.isBlank()) {
                return bare;
            }
            HeaderFormat.checkValue("display name", displayName);
            return HeaderFormat.phrase(displayName.strip()) + " <" + bare + ">";
        }
    }
}
