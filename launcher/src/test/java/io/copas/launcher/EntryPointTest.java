package io.copas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launchable main is chosen as the JDK 25 source launcher chooses it, and its exception comes through as is. */
class EntryPointTest {

    static final List<String> CALLS = new ArrayList<>();

    static class StaticWithArgs {
        static void main(String[] args) {
            CALLS.add("static args " + List.of(args));
        }

        static void main() {
            CALLS.add("static no args");
        }
    }

    static class StaticNoArgs {
        static void main() {
            CALLS.add("static no args");
        }
    }

    static class InstanceMain {
        void main(String[] args) {
            CALLS.add("instance " + List.of(args));
        }
    }

    static class InheritsMain extends InstanceMain {
    }

    static class PrivateMainOnly {
        @SuppressWarnings("unused")
        private static void main(String[] args) {
        }
    }

    interface NoMain {
    }

    interface StaticMainInInterface {
        static void main(String[] args) {
            CALLS.add("interface " + List.of(args));
        }
    }

    enum NoMainEnum {
        A
    }

    static class Throws {
        static void main() throws Exception {
            throw new java.io.IOException("from main");
        }
    }

    private static List<String> run(Class<?> type, String... args) throws Exception {
        return run(List.of(type), "Test", args);
    }

    /** Runs the main chosen among the top-level {@code types} of a file named {@code fileName}.java. */
    private static List<String> run(List<Class<?>> types, String fileName, String... args) throws Exception {
        CALLS.clear();
        EntryPoint.of(types, fileName, fileName + ".java").run(List.of(args));
        return List.copyOf(CALLS);
    }

    @Test
    void mainWithArgumentsComesBeforeMainWithout() throws Exception {
        assertEquals(List.of("static args [a]"), run(StaticWithArgs.class, "a"));
        assertEquals(List.of("static no args"), run(StaticNoArgs.class, "ignored"));
    }

    @Test
    void instanceMainRunsOnANewObjectAlsoWhenInherited() throws Exception {
        assertEquals(List.of("instance [x]"), run(InstanceMain.class, "x"));
        assertEquals(List.of("instance [y]"), run(InheritsMain.class, "y"));
    }

    @Test
    void privateMainIsNoEntryPoint() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> EntryPoint.of(List.of(PrivateMainOnly.class), "P", "P.java"));
        assertTrue(e.getMessage().startsWith("P.java: class " + PrivateMainOnly.class.getName() + " has no main method"),
                e.getMessage());
    }

    @Test
    void typeWithoutMainDeclaredFirstGivesWayToTheClassNamedAfterTheFile() throws Exception {
        assertEquals(List.of("instance [a]"), run(List.of(NoMain.class, StaticNoArgs.class, InstanceMain.class),
                "InstanceMain", "a"));
        assertEquals(List.of("static no args"), run(List.of(NoMainEnum.class, StaticNoArgs.class), "StaticNoArgs"));
    }

    @Test
    void firstTypeWithAMainRunsEvenAnInterfaceBeforeTheClassNamedAfterTheFile() throws Exception {
        assertEquals(List.of("interface [b]"), run(List.of(StaticMainInInterface.class, InstanceMain.class),
                "InstanceMain", "b"));
    }

    @Test
    void withoutMainInTheFirstTypeNorInTheOneNamedAfterTheFileBothAreNamed() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> EntryPoint.of(List.of(NoMain.class, StaticNoArgs.class, PrivateMainOnly.class), "PrivateMainOnly",
                        "PrivateMainOnly.java"));
        assertEquals("PrivateMainOnly.java: neither class " + NoMain.class.getName() + " (declared first) nor class "
                + PrivateMainOnly.class.getName() + " (named after the file) has a main method: declare"
                + " 'static void main(String[] args)' or 'void main()'", e.getMessage());
        LaunchException noNamed = assertThrows(LaunchException.class,
                () -> EntryPoint.of(List.of(NoMain.class, StaticNoArgs.class), "Other", "Other.java"));
        assertTrue(noNamed.getMessage().startsWith("Other.java: class " + NoMain.class.getName() + " has no main method"),
                noNamed.getMessage());
    }

    @Test
    void exceptionOfMainIsThrownUnwrapped() {
        Exception e = assertThrows(Exception.class, () -> run(Throws.class));
        assertSame(java.io.IOException.class, e.getClass());
        assertEquals("from main", e.getMessage());
    }
}
