package io.copas.test;

import io.copas.core.Scheduler;
import io.copas.core.SchedulerStatus;
import io.copas.core.Task;
import io.copas.core.TaskState;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * JUnit 5 extension that gives each test a fresh {@link Scheduler}, by parameter, embedded (no
 * loop runs until the test drives it). The settings come from the method's {@link CopasTest}
 * annotation; with a plain {@code @ExtendWith(CopasExtension.class)} the test runs on its thread
 * and gets virtual time when it takes a {@link VirtualClock} parameter. After the test the
 * scheduler is closed; the test fails if it still had tasks, servers or open sockets.
 */
public final class CopasExtension implements ParameterResolver, InvocationInterceptor, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CopasExtension.class);
    /** How long the loop of an in-task test waits for sockets at most, before it looks at the test's task again. */
    private static final Duration STEP = Duration.ofMillis(50);

    /** Created by JUnit. */
    public CopasExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Scheduler.class || type == VirtualClock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Fixture fixture = fixture(context);
        return parameter.getParameter().getType() == Scheduler.class ? fixture.scheduler() : fixture.clock();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext context) throws Throwable {
        if (!settings(context).inTask()) {
            invocation.proceed();
            return;
        }
        Scheduler scheduler = fixture(context).scheduler();
        Throwable[] failure = new Throwable[1];
        Task body = scheduler.add("test body", () -> {
            try {
                invocation.proceed();
            } catch (Throwable e) {
                failure[0] = e; // rethrown on the test's thread
            }
        });
        while (!body.isDone()) {
            scheduler.step(STEP);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Fixture fixture = context.getStore(NAMESPACE).remove(Fixture.class, Fixture.class);
        if (fixture == null) {
            return; // the test took no scheduler
        }
        String leaks = null;
        try {
            if (settings(context).checkLeaks()) {
                leaks = leaks(fixture.scheduler());
            }
        } finally {
            fixture.scheduler().close();
        }
        if (leaks != null && context.getExecutionException().isEmpty()) {
            throw new AssertionError("scheduler '" + fixture.scheduler().name() + "' " + leaks);
        }
    }

    /**
     * What the test left behind, or {@code null}. What is ready at the end runs first, without
     * moving a virtual clock: removed tasks unwind, a task that was about to end ends.
     */
    private static String leaks(Scheduler scheduler) {
        try {
            scheduler.runDue();
        } catch (IllegalStateException busy) {
            return "never settled: " + busy.getMessage(); // a task yielding in an endless loop
        }
        List<Task> tasks = scheduler.tasks();
        SchedulerStatus status = scheduler.status();
        // read() counts servers and tasks reading a socket
        int servers = Math.max(0, status.read() - (int) tasks.stream().filter(t -> t.state() == TaskState.READING).count());
        if (tasks.isEmpty() && status.sockets() == 0 && servers == 0) {
            return null;
        }
        return "leaked " + tasks.size() + " task(s) " + tasks + ", " + servers + " server(s) and "
                + status.sockets() + " open socket(s): end them in the test (remove, close) or set checkLeaks = false";
    }

    private static Fixture fixture(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Fixture.class, key -> newFixture(context), Fixture.class);
    }

    private static Fixture newFixture(ExtensionContext context) {
        Scheduler.Builder builder = Scheduler.builder().name(context.getRequiredTestMethod().getName());
        VirtualClock clock = null;
        if (settings(context).virtualTime() || takes(context, VirtualClock.class)) {
            clock = new VirtualClock();
            builder.clock(clock);
        }
        return new Fixture(builder.build(), clock);
    }

    private static boolean takes(ExtensionContext context, Class<?> type) {
        return Arrays.stream(context.getRequiredTestMethod().getParameters()).map(Parameter::getType).anyMatch(type::equals);
    }

    private static Settings settings(ExtensionContext context) {
        Optional<CopasTest> annotation = context.getElement().map(e -> e.getAnnotation(CopasTest.class));
        return annotation.map(a -> new Settings(a.virtualTime(), a.inTask(), a.checkLeaks()))
                .orElse(new Settings(false, false, true));
    }

    private record Settings(boolean virtualTime, boolean inTask, boolean checkLeaks) {
    }

    private record Fixture(Scheduler scheduler, VirtualClock clock) {
    }
}
