package io.copas.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test that gets a Copas {@link io.copas.core.Scheduler} (and, on virtual time, its
 * {@link VirtualClock}) as parameters, from {@link CopasExtension}. After the test the scheduler
 * is closed, and the test fails if tasks, servers or sockets were left behind.
 *
 * <pre>{@code
 * @CopasTest(virtualTime = true, inTask = true)
 * void reminderAfterAnHour(Scheduler scheduler, VirtualClock clock) throws Exception {
 *     List<String> seen = new ArrayList<>();
 *     Copas.scheduler().add(() -> { Copas.pause(Duration.ofHours(1)); seen.add("reminder"); });
 *     clock.advance(Duration.ofHours(1));
 *     assertEquals(List.of("reminder"), seen);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Test
@ExtendWith(CopasExtension.class)
public @interface CopasTest {

    /**
     * Whether the scheduler runs on a new {@link VirtualClock}. A test that takes a
     * {@code VirtualClock} parameter gets virtual time anyway.
     *
     * @return {@code false} by default: the system clock
     */
    boolean virtualTime() default false;

    /**
     * Whether the test method runs as a task of the scheduler (named {@code "test body"}), so
     * that it may call {@code Copas.pause}, use sockets and sync primitives directly, and move a
     * virtual clock while the other tasks run. The scheduler runs until that task ends; the
     * method's exception or assertion failure fails the test.
     *
     * @return {@code false} by default: the method runs on the test's thread and drives the
     *         scheduler itself ({@code loop}, {@code step}, {@code submit}, or the clock)
     */
    boolean inTask() default false;

    /**
     * Whether the test fails when, at its end, the scheduler still has tasks, servers or open
     * sockets. What is ready at that moment runs first (removed tasks unwind, a task about to
     * end ends), without moving a virtual clock.
     *
     * @return {@code true} by default
     */
    boolean checkLeaks() default true;
}
