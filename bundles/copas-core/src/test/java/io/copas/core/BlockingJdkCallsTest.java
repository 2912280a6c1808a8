package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blocking JDK calls inside a task (Thread.sleep, a BlockingQueue, java.net.Socket) work under
 * every engine: the task gets its result, the scheduler goes on afterwards, and with the carrier
 * engine the carrier thread is freed while the call blocks (the task's virtual thread parks).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlockingJdkCallsTest {

    @Test
    void threadSleepInATaskReturnsAndTheLoopGoesOn() {
        try (Scheduler scheduler = Scheduler.create()) {
            long[] slept = new long[1];
            boolean[] after = new boolean[1];
            scheduler.add(() -> {
                long start = System.nanoTime();
                TimeUnit.MILLISECONDS.sleep(100); // the blocking JDK call under test, not a synchronisation
                slept[0] = System.nanoTime() - start;
            });
            scheduler.add(() -> {
                Copas.pause(Duration.ofMillis(1));
                after[0] = true;
            });
            scheduler.loop();
            assertTrue(slept[0] >= TimeUnit.MILLISECONDS.toNanos(100), "slept " + slept[0]);
            assertTrue(after[0], "the other task ran after the blocking call");
        }
    }

    @Test
    void blockingQueueFedByAnotherThreadWakesTheTask() throws Exception {
        try (Scheduler scheduler = Scheduler.create()) {
            BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
            CountDownLatch waiting = new CountDownLatch(1);
            Thread producer = Thread.ofPlatform().start(() -> {
                try {
                    waiting.await();
                    queue.put("from another thread");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String[] got = new String[1];
            scheduler.add(() -> {
                waiting.countDown();
                got[0] = queue.take();
            });
            scheduler.loop();
            producer.join();
            assertEquals("from another thread", got[0]);
        }
    }

    @Test
    void plainJavaNetSocketInATaskTalksToAPeer() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = Thread.ofPlatform().start(() -> {
                try (Socket s = server.accept();
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    out.println("echo " + in.readLine());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String[] reply = new String[1];
            scheduler.add(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    s.setSoTimeout(10_000);
                    OutputStream out = s.getOutputStream();
                    out.write("blocking io\n".getBytes(StandardCharsets.UTF_8));
                    reply[0] = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                }
            });
            scheduler.loop();
            peer.join();
            assertEquals("echo blocking io", reply[0]);
        }
    }

    @Test
    void carrierEngineFreesItsCarrierWhileATaskSleeps() throws Exception {
        assumeTrue("carrier".equals(System.getProperty("io.copas.engine")),
                "only the carrier engine has a carrier thread of its own to look at");
        String name = "blocking-carrier";
        try (Scheduler scheduler = Scheduler.builder().name(name).build()) {
            scheduler.start();
            CountDownLatch sleeping = new CountDownLatch(1);
            CompletableFuture<Void> done = scheduler.submit(() -> {
                sleeping.countDown();
                TimeUnit.SECONDS.sleep(1); // the blocking JDK call under test
                return null;
            });
            assertTrue(sleeping.await(10, TimeUnit.SECONDS));
            Thread carrier = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(name + "-carrier")).findFirst().orElseThrow();
            boolean freed = false;
            for (int i = 0; i < 200 && !freed && !done.isDone(); i++) {
                freed = Arrays.stream(carrier.getStackTrace()).noneMatch(f -> f.getMethodName().startsWith("sleep"));
                // (a carrier pinned by the task would show Thread.sleep's frames)
                if (!freed) {
                    Thread.onSpinWait();
                }
            }
            assertTrue(freed, "the carrier thread was blocked in Thread.sleep");
            done.get(10, TimeUnit.SECONDS);
            assertFalse(done.isCompletedExceptionally());
        }
    }

    @Test
    void taskWokenByAnotherThreadRunsWhileOthersSwitchWithoutPause() throws Exception {
        // under the carrier engine, the other thread's unpark reaches the carrier's remote queue
        // while its local queue never empties (two tasks passing the turn): it must still be served
        try (Scheduler scheduler = Scheduler.create()) {
            java.util.concurrent.SynchronousQueue<String> handOver = new java.util.concurrent.SynchronousQueue<>();
            String[] got = new String[1];
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            for (int i = 0; i < 2; i++) {
                scheduler.add(() -> {
                    while (!stop.get()) {
                        Copas.pause();
                    }
                });
            }
            scheduler.add(() -> {
                got[0] = handOver.take(); // parks this task's thread; another thread unparks it
                stop.set(true);
            });
            Thread feeder = Thread.ofPlatform().start(() -> {
                try {
                    handOver.put("from another thread");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            scheduler.loop();
            feeder.join();
            assertEquals("from another thread", got[0]);
        }
    }
}
