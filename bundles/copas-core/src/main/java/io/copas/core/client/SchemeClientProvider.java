package io.copas.core.client;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@link ClientProvider} base for client bundles: it answers {@link #schemes()} from the schemes
 * given to its constructor, so a provider only says how it makes its client. A subclass must have
 * a public no-argument constructor (Declarative Services and {@link java.util.ServiceLoader} both
 * create it) and carry the same schemes in its {@link ClientProvider#SCHEMES_PROPERTY} property.
 */
public abstract class SchemeClientProvider implements ClientProvider {

    private final Set<String> schemes;

    /**
     * Creates the provider.
     *
     * @param schemes the schemes served, case-insensitive
     */
    protected SchemeClientProvider(String... schemes) {
        this.schemes = Stream.of(schemes).map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public final Set<String> schemes() {
        return schemes;
    }
}
