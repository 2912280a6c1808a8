package io.copas.launcher;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * A program's launchable {@code main}, chosen as the JDK 25 source launcher ({@code java
 * File.java}) chooses it: that of the first top-level type of the file (class, interface, enum or
 * record), else that of the type named after the file. In a type, {@code main(String[])} before
 * {@code main()} (JLS 12.1.4), static or not (an instance one runs on a new object made by the
 * class's no-argument constructor), declared or inherited, not private.
 */
final class EntryPoint {

    private final Method main;
    private final Class<?> type;

    private EntryPoint(Class<?> type, Method main) {
        this.type = type;
        this.main = main;
    }

    /**
     * Finds the program's {@code main} among the top-level types of its file.
     *
     * @param types    the file's top-level types, in the order declared (at least one)
     * @param fileName the file's name without {@code .java}
     * @param source   the file as the user named it, for the message
     * @return the entry point
     * @throws LaunchException if neither the first type nor the one named after the file has a
     *                         launchable {@code main}
     */
    static EntryPoint of(List<Class<?>> types, String fileName, String source) throws LaunchException {
        Class<?> first = types.getFirst();
        Method main = mainOf(first);
        if (main != null) {
            return new EntryPoint(first, main);
        }
        Class<?> named = types.stream().filter(type -> type.getSimpleName().equals(fileName)).findFirst().orElse(first);
        main = mainOf(named);
        if (main != null) {
            return new EntryPoint(named, main);
        }
        String which = named == first ? "class " + first.getName() + " has no main method"
                : "neither class " + first.getName() + " (declared first) nor class " + named.getName()
                        + " (named after the file) has a main method";
        throw new LaunchException(source + ": " + which + ": declare 'static void main(String[] args)' or 'void main()'");
    }

    private static Method mainOf(Class<?> type) {
        Method main = find(type, String[].class);
        return main != null ? main : find(type);
    }

    private static Method find(Class<?> type, Class<?>... parameters) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method method = c.getDeclaredMethod("main", parameters);
                if (!Modifier.isPrivate(method.getModifiers()) && method.getReturnType() == void.class) {
                    return method;
                }
            } catch (NoSuchMethodException e) {
                // not declared here: try the superclass
            }
        }
        return null;
    }

    /**
     * Runs {@code main} with {@code args}; what it throws is thrown as is (not wrapped in an
     * {@link InvocationTargetException}), so the traceback shows the program's own error.
     *
     * @param args the program's arguments
     * @throws Exception whatever {@code main} throws
     */
    void run(List<String> args) throws Exception {
        Object target = null;
        if (!Modifier.isStatic(main.getModifiers())) {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            try {
                target = constructor.newInstance();
            } catch (InvocationTargetException e) {
                throw unwrap(e);
            }
        }
        Object[] arguments = main.getParameterCount() == 0 ? new Object[0] : new Object[] {args.toArray(String[]::new)};
        invoke(main, target, arguments);
    }

    /**
     * Calls a method of the program, throwing what it throws as is.
     *
     * @param method    the method, of a class of the program (an unnamed module, open to everyone)
     * @param target    the object, or {@code null} for a static method
     * @param arguments the arguments
     * @throws Exception whatever the method throws
     */
    static void invoke(Method method, Object target, Object... arguments) throws Exception {
        method.setAccessible(true);
        try {
            method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    private static Exception unwrap(InvocationTargetException e) {
        return switch (e.getCause()) {
            case Exception exception -> exception;
            case Error error -> throw error;
            case null, default -> e;
        };
    }
}
