package io.copas.core.spi;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * For clients with an optional module ({@code requires static} in JPMS, an optional import in
 * OSGi), such as TLS for https, FTPS and STARTTLS: whether it can be used before any of its classes
 * is touched, and one way of telling the user how to add it when it cannot.
 */
public final class OptionalModules {

    /** The module (and OSGi bundle) that TLS lives in. */
    public static final String TLS = "io.copas.tls";

    private OptionalModules() {
    }

    /**
     * Whether {@code className} can be loaded and linked against from {@code client}: its class
     * loader sees the class, and the client's module reads the module that holds it. A module
     * resolved by someone else (a layer of its own, say) is made readable through
     * {@code addReads}, which must be the client's own call ({@link Module#addReads} accepts only
     * the module itself as its caller), for example {@code m -> MyClass.class.getModule().addReads(m)}.
     *
     * @param client    a class of the client, whose loader and module count
     * @param className a class of the optional module
     * @param addReads  adds a read edge from the client's module to the one given
     * @return {@code true} if the module can be used
     */
    public static boolean usable(Class<?> client, String className, Consumer<Module> addReads) {
        Objects.requireNonNull(addReads, "addReads");
        try {
            Class<?> found = Class.forName(className, false, client.getClassLoader());
            Module self = client.getModule();
            if (self.isNamed() && !self.canRead(found.getModule())) {
                addReads.accept(found.getModule());
            }
            return true;
        } catch (ClassNotFoundException | LinkageError | IllegalCallerException e) {
            return false;
        }
    }

    /**
     * What to do when {@code module} is missing, for the end of an error message: the module path
     * (where a jar nothing requires is not resolved) and OSGi (where a bundle installed later is
     * seen only after a refresh of the client).
     *
     * @param module the optional module, say {@link #TLS}
     * @param client the module (bundle) that needs it
     * @return the advice, one or more sentences
     */
    public static String howToAdd(String module, String client) {
        return "On the module path, add `requires " + module + ";` to the application's module or start java with"
                + " --add-modules " + module + " (a module nothing requires is not resolved, even with its jar"
                + " there); in OSGi, install the bundle (installed later, it is seen after a refresh of " + client + ")";
    }
}
