package io.copas.launcher;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * A class's launchable {@code main}, chosen as the {@code java} launcher chooses it (JLS 12.1.4):
 * {@code main(String[])} before {@code main()}, static or not (an instance one runs on a new
 * object made by the class's no-argument constructor), declared or inherited, not private.
 */
final class EntryPoint {

    private final Method main;
    private final Class<?> type;

    private EntryPoint(Class<?> type, Method main) {
        this.type = type;
        this.main = main;
    }

    /**
     * Finds the {@code main} of {@code type}.
     *
     * @param type   the program's class
     * @param source the file it comes from, for the message
     * @return the entry point
     * @throws LaunchException if the class has no launchable {@code main}
     */
    static EntryPoint of(Class<?> type, String source) throws LaunchException {
        Method main = find(type, String[].class);
        if (main == null) {
            main = find(type);
        }
        if (main == null) {
            throw new LaunchException(source + ": class " + type.getName()
                    + " has no main method: declare 'static void main(String[] args)' or 'void main()'");
        }
        return new EntryPoint(type, main);
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
