package io.copas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launchable main is chosen as the java launcher chooses it, and its exception comes through as is. */
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

    static class Throws {
        static void main() throws Exception {
            throw new java.io.IOException("from main");
        }
    }

    private static List<String> run(Class<?> type, String... args) throws Exception {
        CALLS.clear();
        EntryPoint.of(type, "Test.java").run(List.of(args));
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
        LaunchException e = assertThrows(LaunchException.class, () -> EntryPoint.of(PrivateMainOnly.class, "P.java"));
        assertTrue(e.getMessage().startsWith("P.java: class " + PrivateMainOnly.class.getName() + " has no main method"),
                e.getMessage());
    }

    @Test
    void exceptionOfMainIsThrownUnwrapped() {
        Exception e = assertThrows(Exception.class, () -> run(Throws.class));
        assertSame(java.io.IOException.class, e.getClass());
        assertEquals("from main", e.getMessage());
    }
}
