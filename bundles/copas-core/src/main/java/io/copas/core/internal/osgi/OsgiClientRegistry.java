package io.copas.core.internal.osgi;

import io.copas.core.client.ClientProvider;
import io.copas.core.internal.ClientRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * Protocol clients as OSGi services of the client bundles. The scheduler component binds each
 * {@link ClientProvider} service as a {@link ComponentServiceObjects}, which does not create the
 * provider: its (delayed) component is activated by the first request for one of its schemes.
 * When the provider goes away (its bundle stopped, updated or uninstalled), the object is released
 * and forgotten, so nothing here keeps an old bundle revision alive.
 */
final class OsgiClientRegistry implements ClientRegistry {

    private static final Comparator<Binding> BEST_FIRST = Comparator
            .comparingInt(Binding::ranking).reversed()
            .thenComparingLong(Binding::serviceId);

    private static final System.Logger LOG = System.getLogger("io.copas.core");

    private final BundleContext context;
    private final Map<ComponentServiceObjects<ClientProvider>, Binding> bindings = new ConcurrentHashMap<>();

    OsgiClientRegistry(BundleContext context) {
        this.context = context;
    }

    /** One bound provider service and the object obtained from it on first use. */
    private record Binding(ComponentServiceObjects<ClientProvider> objects, Set<String> schemes, int ranking,
            long serviceId, AtomicReference<ClientProvider> instance, AtomicBoolean activating,
            AtomicBoolean released, AtomicBoolean refused) {

        Binding(ComponentServiceObjects<ClientProvider> objects, Set<String> schemes, int ranking, long serviceId) {
            this(objects, schemes, ranking, serviceId, new AtomicReference<>(), new AtomicBoolean(),
                    new AtomicBoolean(), new AtomicBoolean());
        }

        /** The provider, obtained (and its component activated) now if need be: may block. */
        ClientProvider get() {
            ClientProvider existing = instance.get();
            if (existing != null) {
                return existing;
            }
            ClientProvider created;
            try {
                created = objects.getService();
            } catch (RuntimeException failed) {
                refused.set(true); // its activation threw: a look-up that waits must not start it again
                throw failed;
            }
            refused.set(created == null); // its component could not be activated (it says why in the log)
            if (created == null) {
                return null;
            }
            if (!instance.compareAndSet(null, created)) {
                objects.ungetService(created); // another thread won: give our use back
                return instance.get();
            }
            if (released.get()) {
                release(); // unbound while we obtained it: give it back at once
                return null;
            }
            return created;
        }

        /**
         * The provider if already obtained; otherwise starts obtaining it on another thread and
         * says {@link ClientRegistry#PENDING} (never {@code null} for an activation that may still
         * succeed: the caller would give up).
         */
        ClientProvider getWithoutBlocking() {
            ClientProvider existing = instance.get();
            if (existing != null || released.get()) {
                return existing;
            }
            if (activating.compareAndSet(false, true)) {
                // DS activates the delayed component in getService(), under SCR's and the
                // framework's locks, which a bundle being stopped or refreshed may hold for long
                // (waiting in turn for requests on this very loop to drain): never on the loop.
                // A daemon: an activation stuck in a framework never holds up the JVM's exit.
                Thread.ofPlatform().daemon().name("copas-client-activation").start(() -> {
                    try {
                        get();
                    } catch (RuntimeException failed) {
                        LOG.log(System.Logger.Level.DEBUG, "obtaining the client provider " + serviceId
                                + " failed", failed);
                    } finally {
                        activating.set(false);
                    }
                });
            }
            if (activating.get()) {
                return ClientRegistry.PENDING;
            }
            ClientProvider ended = instance.get(); // the activation ended between the two looks
            return ended != null || refused.get() || released.get() ? ended : ClientRegistry.PENDING;
        }

        void release() {
            released.set(true);
            ClientProvider obtained = instance.getAndSet(null);
            if (obtained != null) {
                try {
                    objects.ungetService(obtained);
                } catch (IllegalStateException | IllegalArgumentException gone) {
                    // the service or our component is already gone: nothing to give back
                }
            }
        }
    }

    void bind(ComponentServiceObjects<ClientProvider> objects, Map<String, Object> properties) {
        bindings.put(objects, new Binding(objects, schemes(properties.get(ClientProvider.SCHEMES_PROPERTY)),
                properties.get(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0,
                properties.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE));
    }

    void unbind(ComponentServiceObjects<ClientProvider> objects) {
        Binding gone = bindings.remove(objects);
        if (gone != null) {
            gone.release();
        }
    }

    /** Releases every provider object (the scheduler component is going away). */
    void releaseAll() {
        bindings.values().forEach(Binding::release);
        bindings.clear();
    }

    private static Set<String> schemes(Object property) {
        Set<String> schemes = new TreeSet<>();
        if (property instanceof String one) {
            schemes.add(one.toLowerCase(Locale.ROOT));
        } else if (property instanceof String[] many) {
            for (String scheme : many) {
                schemes.add(scheme.toLowerCase(Locale.ROOT));
            }
        } else if (property instanceof Collection<?> many) {
            many.forEach(scheme -> schemes.add(String.valueOf(scheme).toLowerCase(Locale.ROOT)));
        }
        return Set.copyOf(schemes);
    }

    @Override
    public ClientProvider find(String scheme) {
        return bindings.values().stream()
                .filter(binding -> binding.schemes().contains(scheme))
                .sorted(BEST_FIRST)
                .map(Binding::get)
                .filter(provider -> provider != null)
                .findFirst()
                .orElse(null);
    }

    @Override
    public ClientProvider findWithoutBlocking(String scheme) {
        // in the order of find(); a better provider still being obtained is waited for, not passed over
        return bindings.values().stream()
                .filter(binding -> binding.schemes().contains(scheme) && !binding.refused().get())
                .sorted(BEST_FIRST)
                .findFirst()
                .map(Binding::getWithoutBlocking)
                .orElse(null);
    }


    @Override
    public String absence(String scheme) {
        String module = ClientRegistry.moduleFor(scheme);
        if (module == null) {
            return ClientRegistry.unknownScheme(scheme);
        }
        Bundle bundle = bundle(module);
        if (bundle == null) {
            return "no Copas client serves '" + scheme + "': install the bundle " + module;
        }
        return "no Copas client serves '" + scheme + "': the bundle " + module + " " + bundle.getVersion()
                + " is " + state(bundle) + (bundle.getState() == Bundle.ACTIVE
                        ? " but registers no client provider (its component disabled, or unsatisfied?)"
                        : ": start it");
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (String module : new TreeSet<>(KNOWN_MODULES.values())) {
            Bundle bundle = bundle(module);
            StringBuilder line = new StringBuilder(module).append(": ");
            if (bundle == null) {
                lines.add(line.append("not installed").toString());
                continue;
            }
            line.append(state(bundle)).append(", bundle ").append(bundle.getBundleId())
                    .append(", version ").append(bundle.getVersion());
            bindings.values().stream()
                    .filter(binding -> isFrom(binding, bundle))
                    .forEach(binding -> line.append(", schemes ").append(binding.schemes())
                            .append(binding.instance().get() != null ? " (in use)" : " (not yet used)"));
            lines.add(line.toString());
        }
        return lines;
    }

    private static boolean isFrom(Binding binding, Bundle bundle) {
        ServiceReference<ClientProvider> reference = binding.objects().getServiceReference();
        return reference != null && reference.getBundle() != null
                && reference.getBundle().getBundleId() == bundle.getBundleId();
    }

    private Bundle bundle(String symbolicName) {
        Bundle best = null;
        for (Bundle candidate : context.getBundles()) {
            if (symbolicName.equals(candidate.getSymbolicName())
                    && (best == null || candidate.getVersion().compareTo(best.getVersion()) > 0)) {
                best = candidate;
            }
        }
        return best;
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.INSTALLED -> "INSTALLED (not resolved yet, or a requirement is missing)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING (lazy: starts on first class load)";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "in state " + bundle.getState();
        };
    }
}
