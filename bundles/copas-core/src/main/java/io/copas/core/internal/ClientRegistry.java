package io.copas.core.internal;

import io.copas.core.client.ClientProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a scheduler finds protocol clients: the OSGi service registry inside a framework,
 * {@link java.util.ServiceLoader} elsewhere. Thread-safe.
 */
public interface ClientRegistry {

    /** The client module (and bundle symbolic name) that serves each known scheme, for messages. */
    Map<String, String> KNOWN_MODULES = Map.of(
            "http", "io.copas.http", "https", "io.copas.http",
            "ftp", "io.copas.ftp", "ftps", "io.copas.ftp",
            "smtp", "io.copas.smtp", "smtps", "io.copas.smtp");

    /**
     * The provider that serves {@code scheme} now.
     *
     * @param scheme lower case
     * @return the provider, or {@code null}
     */
    ClientProvider find(String scheme);

    /**
     * What {@link #findWithoutBlocking(String)} returns while the provider is being created on
     * another thread: ask again a little later. Serves nothing.
     */
    ClientProvider PENDING = new ClientProvider() {
        @Override
        public java.util.Set<String> schemes() {
            return java.util.Set.of();
        }

        @Override
        public Object client(String scheme, io.copas.core.Scheduler scheduler) {
            return null;
        }
    };

    /**
     * {@link #find(String)} for a caller on a loop thread, which must not block: a provider that
     * still has to be created (an OSGi component activated on first use, which takes the
     * framework's locks) is created on another thread, and this returns {@link #PENDING} until it
     * is ready.
     *
     * @param scheme lower case
     * @return the provider, {@link #PENDING}, or {@code null} when none serves the scheme
     */
    default ClientProvider findWithoutBlocking(String scheme) {
        return find(scheme);
    }

    /**
     * Why no provider serves {@code scheme}, naming what to add and its current state.
     *
     * @param scheme lower case
     * @return the explanation
     */
    String absence(String scheme);

    /**
     * One line per known client module: its state and the schemes it serves (Gogo's
     * {@code copas:clients}).
     *
     * @return the lines
     */
    List<String> describe();

    /**
     * The module that serves a scheme, if Copas knows one.
     *
     * @param scheme lower case
     * @return the module name, or {@code null}
     */
    static String moduleFor(String scheme) {
        return KNOWN_MODULES.get(scheme.toLowerCase(Locale.ROOT));
    }

    /**
     * The message for a scheme that no Copas client module serves at all.
     *
     * @param scheme lower case
     * @return the message
     */
    static String unknownScheme(String scheme) {
        return "no Copas client serves the scheme '" + scheme + "' (known: "
                + new java.util.TreeSet<>(KNOWN_MODULES.keySet()) + ")";
    }
}
