package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copas.core.Copas;
import io.copas.core.Datagram;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.UdpSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UdpEchoTest {

    @Test
    void datagramsComeBackToTheirSender() throws Exception {
        Scheduler scheduler = Scheduler.create();
        Server server = UdpEcho.start(scheduler);
        String answer = InLoop.run(scheduler, () -> {
            try (UdpSocket client = Copas.scheduler().udp()) {
                client.setTimeout(Duration.ofSeconds(10));
                client.sendTo("ping".getBytes(StandardCharsets.UTF_8), server.localAddress());
                Datagram reply = client.receiveFrom(8192);
                return new String(reply.data(), StandardCharsets.UTF_8) + " from " + reply.sender().equals(server.localAddress());
            }
        });
        assertEquals("ping from true", answer);
    }
}
