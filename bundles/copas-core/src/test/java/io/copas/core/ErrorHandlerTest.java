package io.copas.core;

import static io.copas.core.TestSockets.assertClean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A failing task goes to its own error handler, else the default one, exactly once; a failing handler never stops the loop (upstream errhandlers.lua). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ErrorHandlerTest {

    @Test
    void perTaskHandlerIsCalledExactlyOnce() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> defaults = TestSockets.collectErrors(scheduler);
            List<Object[]> calls = new CopyOnWriteArrayList<>();
            Task task = scheduler.add("failing", () -> {
                Copas.setErrorHandler((e, t, s) -> calls.add(new Object[] {e, t, s}));
                Copas.pause(Duration.ofMillis(10));
                throw new IllegalStateException("hi there!");
            });
            scheduler.loop();
            assertEquals(1, calls.size());
            assertEquals("hi there!", ((Throwable) calls.get(0)[0]).getMessage());
            assertSame(task, calls.get(0)[1]);
            assertNull(calls.get(0)[2], "a task that serves no connection has no socket");
            assertTrue(defaults.isEmpty());
            assertClean(scheduler);
        }
    }

    @Test
    void defaultHandlerIsUsedWhenTaskHasNone() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Object[]> calls = new CopyOnWriteArrayList<>();
            ErrorHandler handler = (e, t, s) -> calls.add(new Object[] {e, t, s});
            scheduler.setDefaultErrorHandler(handler);
            assertSame(handler, scheduler.defaultErrorHandler());
            Task task = scheduler.add(() -> {
                throw new java.io.IOException("boom");
            });
            assertSame(handler, task.errorHandler(), "a task without its own handler reports the default");
            scheduler.loop();
            assertEquals(1, calls.size());
            assertEquals("boom", ((Throwable) calls.get(0)[0]).getMessage());
            assertSame(task, calls.get(0)[1]);
        }
    }

    @Test
    void perTaskHandlerTakesPriorityAndNullRestoresDefault() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<String> defaults = new CopyOnWriteArrayList<>();
            List<String> own = new CopyOnWriteArrayList<>();
            scheduler.setDefaultErrorHandler((e, t, s) -> defaults.add(t.name() + ":" + e.getMessage()));
            ErrorHandler mine = (e, t, s) -> own.add(t.name() + ":" + e.getMessage());
            Task a = scheduler.add("a", () -> {
                throw new IllegalStateException("x");
            });
            a.setErrorHandler(mine);
            assertSame(mine, a.errorHandler());
            Task b = scheduler.add("b", () -> {
                throw new IllegalStateException("y");
            });
            b.setErrorHandler(mine);
            b.setErrorHandler(null);
            assertSame(scheduler.defaultErrorHandler(), b.errorHandler());
            scheduler.loop();
            assertEquals(List.of("a:x"), own);
            assertEquals(List.of("b:y"), defaults);
        }
    }

    @Test
    void throwingHandlerDoesNotStopTheLoop() {
        try (Scheduler scheduler = Scheduler.create()) {
            AtomicInteger handled = new AtomicInteger();
            scheduler.setDefaultErrorHandler((e, t, s) -> {
                handled.incrementAndGet();
                throw new IllegalStateException("handler fails too");
            });
            AtomicInteger ticks = new AtomicInteger();
            scheduler.add(() -> {
                Copas.setErrorHandler((e, t, s) -> {
                    throw new RuntimeException("own handler fails");
                });
                throw new IllegalStateException("first");
            });
            scheduler.add(() -> {
                throw new IllegalStateException("second");
            });
            scheduler.add(() -> {
                for (int i = 0; i < 5; i++) {
                    Copas.pause(Duration.ofMillis(10));
                    ticks.incrementAndGet();
                }
            });
            scheduler.loop();
            assertEquals(1, handled.get(), "only the second task uses the default handler");
            assertEquals(5, ticks.get(), "other tasks went on");
            assertClean(scheduler);
        }
    }

    @Test
    void theBuiltInHandlerLogsAConnectionsOwnFailureOnOneLineAndABugWithItsTraceback() throws Exception {
        Logger logger = Logger.getLogger("io.copas.core");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level levelBefore = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            AtomicBoolean accepted = new AtomicBoolean();
            Server server = scheduler.addServer(channel, socket -> {
                accepted.set(true);
                socket.receiveLine(); // the peer hangs up: TransferClosedException
            }, Duration.ofSeconds(10), "hung-up-on");
            scheduler.add("client", () -> {
                try (TcpSocket client = Copas.scheduler().tcp()) {
                    client.connect(server.localAddress());
                    TestSockets.pauseUntil(accepted::get, Duration.ofSeconds(10), "the connection accepted");
                }
                Copas.scheduler().removeServer(server, false);
            });
            scheduler.add("buggy", () -> {
                throw new IllegalStateException("a bug");
            });
            scheduler.loop();
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(levelBefore);
        }
        LogRecord hangUp = records.stream().filter(r -> r.getMessage().startsWith("io.copas.core.TransferClosedException")
                && r.getLevel() == Level.WARNING).findFirst().orElseThrow(() -> new AssertionError(records));
        assertTrue(hangUp.getMessage().endsWith("the connection failed (traceback at DEBUG)"), hangUp.getMessage());
        assertFalse(hangUp.getMessage().contains("stack traceback"), "one line");
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.FINE && r.getMessage().contains("TransferClosedException")
                && r.getMessage().contains("stack traceback")), "the traceback at DEBUG");
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.SEVERE && r.getMessage().contains("a bug")
                && r.getMessage().contains("task: buggy") && r.getMessage().contains("stack traceback")), "a bug keeps its traceback");
    }

    @Test
    void tracebackNamesTaskSocketAndMessage() {
        Scheduler scheduler = Scheduler.create();
        try (scheduler) {
            AtomicReference<String> trace = new AtomicReference<>();
            scheduler.setDefaultErrorHandler((e, t, s) -> trace.set(Copas.traceback(e, t, s)));
            scheduler.add("named-task", () -> {
                throw new IllegalStateException("the message");
            });
            scheduler.loop();
            assertNotNull(trace.get());
            assertTrue(trace.get().contains("named-task"), trace.get());
            assertTrue(trace.get().contains("the message"), trace.get());
            assertTrue(trace.get().contains("stack traceback"), trace.get());
            assertTrue(Copas.traceback(null, null, null).contains("none"), "a traceback without task or socket still renders");
        }
    }

    @Test
    void serverHandlerFailureReportsTheAcceptedSocket() throws Exception {
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            AtomicReference<TcpSocket> accepted = new AtomicReference<>();
            List<Object[]> calls = new CopyOnWriteArrayList<>();
            AtomicReference<String> trace = new AtomicReference<>();
            AtomicReference<Boolean> openInHandler = new AtomicReference<>();
            scheduler.setDefaultErrorHandler((e, t, s) -> {
                calls.add(new Object[] {e, t, s});
                openInHandler.set(!s.isClosed());
                trace.set(Copas.traceback(e, t, s));
            });
            AtomicReference<Server> server = new AtomicReference<>();
            server.set(scheduler.addServer(channel, socket -> {
                accepted.set(socket);
                Copas.scheduler().removeServer(server.get(), false);
                socket.receiveLine();
                throw new IllegalStateException("handler broke");
            }, null, "srv"));
            AtomicReference<Throwable> clientSaw = new AtomicReference<>();
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                client.send("go\n");
                try {
                    client.receive(ReceivePattern.ALL);
                } catch (Throwable e) {
                    clientSaw.set(e);
                }
                client.close();
            });
            scheduler.loop();
            assertEquals(1, calls.size());
            assertEquals("handler broke", ((Throwable) calls.get(0)[0]).getMessage());
            assertEquals("srv:handler_1", ((Task) calls.get(0)[1]).name());
            assertSame(accepted.get(), calls.get(0)[2], "the handler gets the accepted socket");
            assertSame(accepted.get(), ((Task) calls.get(0)[1]).socket());
            assertTrue(trace.get().contains("srv:handler_1") && trace.get().contains("srv:client_1")
                    && trace.get().contains("handler broke"), trace.get());
            assertTrue(openInHandler.get(), "as in Copas, the socket is closed (autoclose) after the error handler ran");
            assertTrue(accepted.get().isClosed(), "autoclose also applies when the handler fails");
            assertTrue(clientSaw.get() instanceof TransferClosedException, "the client sees the close: " + clientSaw.get());
            assertClean(scheduler);
        }
    }

    @Test
    void loopSurvivesManyFailingTasks() {
        try (Scheduler scheduler = Scheduler.create()) {
            List<Throwable> errors = TestSockets.collectErrors(scheduler);
            for (int i = 0; i < 100; i++) {
                int n = i;
                scheduler.add(() -> {
                    Copas.pause(Duration.ofMillis(n % 5));
                    throw new IllegalArgumentException("failure " + n);
                });
            }
            scheduler.loop();
            assertEquals(100, errors.size());
            assertFalse(scheduler.running());
            assertClean(scheduler);
        }
    }

    @Test
    void acceptedSocketIsStillOpenWhileTheErrorHandlerRuns() throws Exception {
        // regression: autoclose used to close the socket before the handler saw it (Copas closes after)
        try (Scheduler scheduler = Scheduler.create(); ServerSocketChannel channel = TestSockets.listen()) {
            AtomicReference<Object> peerSeenByHandler = new AtomicReference<>();
            AtomicReference<TcpSocket> accepted = new AtomicReference<>();
            scheduler.setDefaultErrorHandler((e, t, s) -> {
                try {
                    peerSeenByHandler.set(((TcpSocket) s).remoteAddress());
                } catch (java.io.IOException closed) {
                    peerSeenByHandler.set(closed);
                }
            });
            AtomicReference<Server> server = new AtomicReference<>();
            server.set(scheduler.addServer(channel, socket -> {
                accepted.set(socket);
                Copas.scheduler().removeServer(server.get(), false);
                throw new IllegalStateException("fails at once");
            }));
            AtomicReference<java.net.SocketAddress> clientAddress = new AtomicReference<>();
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                clientAddress.set(client.localAddress());
                try {
                    client.receive(ReceivePattern.ALL);
                } catch (TransferClosedException expected) {
                    // closed by autoclose after the handler
                }
                client.close();
            });
            scheduler.loop();
            assertEquals(clientAddress.get(), peerSeenByHandler.get(), "the handler could still ask for the peer");
            assertTrue(accepted.get().isClosed(), "autoclose ran afterwards");
            assertClean(scheduler);
        }
    }
}
