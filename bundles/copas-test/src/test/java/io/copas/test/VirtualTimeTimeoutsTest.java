package io.copas.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import io.copas.core.TransferTimeoutException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Socket timeouts of hours run in virtual time, through the extension: sockets are real
 * (127.0.0.1), and data is never lost to a timeout that comes later on the clock. (The sync
 * primitives' timeouts in virtual time: copas-sync's VirtualTimeTest.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class VirtualTimeTimeoutsTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @CopasTest(virtualTime = true, inTask = true)
    void aReceiveTimeoutOfAnHourExpiresAfterExactlyAnHour(VirtualClock clock) throws Exception {
        try (ServerSocketChannel silent = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            TcpSocket client = Copas.scheduler().tcp();
            client.connect(silent.getLocalAddress());
            client.setTimeout(HOUR);
            Copas.scheduler().add("mover", () -> clock.runUntilIdle());
            assertThrows(TransferTimeoutException.class, client::receiveLine);
            assertEquals(HOUR, clock.now());
            client.close();
        }
    }

    @CopasTest(virtualTime = true)
    void dataSentBeforeTheTimeoutIsReceivedAtItsVirtualTime(Scheduler scheduler, VirtualClock clock) throws Exception {
        String[] received = new String[2];
        try (ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Server server = scheduler.addServer(channel, socket -> {
                Copas.pause(Duration.ofMinutes(10)); // answers late, but within the client's hour
                socket.send("late but in time\n");
            });
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                client.setTimeout(HOUR);
                received[0] = client.receiveLine();
                received[1] = clock.now().toString();
                client.close();
                Copas.scheduler().removeServer(server, false);
            });
            clock.runUntilIdle();
        }
        assertEquals("late but in time", received[0]);
        assertEquals("PT10M", received[1], "received when the server sent, not at the timeout");
    }

    /** Moved here from core's UserTimeoutTest: on virtual time it runs at once and is exact. */
    @CopasTest(virtualTime = true)
    void timeoutsLongerThanOneWheelTurnFireExactlyOnTime(Scheduler scheduler, VirtualClock clock) throws Exception {
        Duration[] userFiredAt = new Duration[1];
        Duration[] receiveTimedOutAt = new Duration[1];
        try (ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Server server = scheduler.addServer(channel, socket -> Copas.waitForExit());
            scheduler.add(() -> {
                Copas.timeout(Duration.ofMillis(1300), task -> {
                    userFiredAt[0] = clock.now();
                    Copas.wakeup(task);
                });
                Copas.pauseForever();
            });
            scheduler.add(() -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                Copas.scheduler().removeServer(server, false);
                client.setTimeout(Duration.ofMinutes(90)); // 5273 turns of the 1 ms x 1024 wheel
                assertThrows(TransferTimeoutException.class, client::receiveLine);
                receiveTimedOutAt[0] = clock.now();
                client.close();
                Copas.scheduler().exit(); // the server's handler ends
            });
            clock.runUntilIdle();
        }
        assertEquals(Duration.ofMillis(1300), userFiredAt[0]);
        assertEquals(Duration.ofMinutes(90), receiveTimedOutAt[0]);
    }
}
