package io.copas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A rebuilt selector keeps every registration: waiting readers and servers go on (issue 8, item 1). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelectorRebuildTest {

    @Test
    void waitingReaderAndServerSurviveASelectorRebuild() throws Exception {
        try (Scheduler scheduler = Scheduler.create();
                ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            SchedulerImpl impl = (SchedulerImpl) scheduler;
            List<String> received = new ArrayList<>();
            boolean[] rebuilt = new boolean[1];
            Server server = scheduler.addServer(channel, socket -> {
                while (!rebuilt[0]) {
                    Copas.pause(Duration.ofMillis(5));
                }
                socket.send("after rebuild\n");
            });
            scheduler.add("reader", () -> {
                TcpSocket client = Copas.scheduler().tcp();
                client.connect(channel.getLocalAddress());
                received.add(client.receiveLine()); // registered with the old selector
                client.close();
                TcpSocket second = Copas.scheduler().tcp(); // accepted through the moved server key
                second.connect(channel.getLocalAddress());
                received.add(second.receiveLine());
                second.close();
                Copas.scheduler().removeServer(server, false);
            });
            scheduler.add("rebuilder", () -> {
                Copas.pause(Duration.ofMillis(20));
                Selector before = impl.poller.selector;
                impl.poller.rebuild("test");
                assertNotSame(before, impl.poller.selector);
                rebuilt[0] = true;
            });
            scheduler.loop();
            assertEquals(List.of("after rebuild", "after rebuild"), received);
        }
    }
}
