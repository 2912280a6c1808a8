package io.copas.core.internal;

import io.copas.core.client.ClientProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Clients on the module path ({@code provides io.copas.core.client.ClientProvider} in a client
 * module) or the class path ({@code META-INF/services}), found with {@link ServiceLoader} on the
 * first request and kept: the module graph of a plain application does not change at run time.
 */
final class ServiceLoaderClientRegistry implements ClientRegistry {

    /** One registry per JVM: every scheduler of a plain application sees the same modules. */
    static final ServiceLoaderClientRegistry INSTANCE = new ServiceLoaderClientRegistry();

    private volatile Map<String, ClientProvider> byScheme;

    private ServiceLoaderClientRegistry() {
    }

    @Override
    public ClientProvider find(String scheme) {
        return providers().get(scheme);
    }

    @Override
    public String absence(String scheme) {
        String module = ClientRegistry.moduleFor(scheme);
        if (module == null) {
            return ClientRegistry.unknownScheme(scheme);
        }
        return "no Copas client serves '" + scheme + "': add the module " + module
                + " to the module path (or its jar to the class path)";
    }

    @Override
    public List<String> describe() {
        Map<String, List<String>> schemesByProvider = new LinkedHashMap<>();
        providers().forEach((scheme, provider) -> schemesByProvider
                .computeIfAbsent(provider.getClass().getModule().getName() + " (" + provider.getClass().getName() + ")",
                        k -> new ArrayList<>())
                .add(scheme));
        List<String> lines = new ArrayList<>();
        schemesByProvider.forEach((who, schemes) -> lines.add(who + ": " + schemes));
        return lines;
    }

    private Map<String, ClientProvider> providers() {
        Map<String, ClientProvider> found = byScheme;
        if (found == null) {
            found = load();
            byScheme = found; // two threads may both load: the same providers, harmless
        }
        return found;
    }

    private static Map<String, ClientProvider> load() {
        Module core = ClientRegistry.class.getModule();
        ServiceLoader<ClientProvider> loader = core.isNamed() && core.getLayer() != null
                ? ServiceLoader.load(core.getLayer(), ClientProvider.class)
                : ServiceLoader.load(ClientProvider.class, ClientRegistry.class.getClassLoader());
        Map<String, ClientProvider> found = new LinkedHashMap<>();
        var providers = loader.iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                ClientProvider provider = providers.next();
                for (String scheme : provider.schemes()) {
                    found.putIfAbsent(scheme.toLowerCase(Locale.ROOT), provider);
                }
            } catch (ServiceConfigurationError e) {
                SchedulerImpl.LOG.log(System.Logger.Level.WARNING, "a Copas client provider could not be loaded", e);
            }
        }
        return Map.copyOf(found);
    }
}
