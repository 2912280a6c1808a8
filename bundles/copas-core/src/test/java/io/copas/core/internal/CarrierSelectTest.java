package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.copas.core.Scheduler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Under the carrier engine an idle loop's wait for sockets and timers is done by its own carrier
 * thread, blocked in the selector, not by the loop's virtual thread through the JDK's poller
 * (which cost a registration, a second thread and a wake-up across threads per wait: at one
 * echo connection 1 epoll_ctl and 3 epoll_wait per message, 62 us of CPU where 40 remain).
 * Wake-ups from other threads and readiness still end the wait.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CarrierSelectTest {

    @Test
    void idleLoopWaitsInTheSelectorOnItsOwnCarrierThreadAndStillWakesUp() throws Exception {
        assumeTrue(CarrierEngine.available(), "the carrier engine is not available in this JVM");
        String name = "carrier-select";
        try (Scheduler scheduler = Scheduler.builder().name(name).engine("carrier").build();
                ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            scheduler.start();
            scheduler.addServer(listener, socket -> socket.send(socket.receiveLine() + "!\n"));
            Thread carrier = carrierThread(name + "-carrier");
            assertTrue(waitsInTheSelector(carrier), () -> "the idle carrier thread is not in the selector: "
                    + Arrays.toString(carrier.getStackTrace()));

            // a request from another thread wakes the wait (Selector.wakeup) ...
            assertEquals(42, scheduler.submit(() -> 42).get(10, TimeUnit.SECONDS));
            // ... and so does a socket becoming ready: accept, then a line to read
            try (Socket client = new Socket()) {
                client.connect(listener.getLocalAddress(), 10_000);
                client.setSoTimeout(10_000);
                client.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertEquals("ping!", answer);
            }
            assertTrue(waitsInTheSelector(carrier), "the carrier thread did not go back to the selector");
        }
    }

    private static Thread carrierThread(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(name)) {
                    return t;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no thread named " + name);
    }

    /** Looks at the carrier's stack until it shows the loop's wait, for at most 10 s. */
    private static boolean waitsInTheSelector(Thread carrier) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Arrays.stream(carrier.getStackTrace()).anyMatch(f -> f.getMethodName().equals("selectForLoop"))) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }
}
