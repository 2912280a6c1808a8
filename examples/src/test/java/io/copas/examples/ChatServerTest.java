package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.TcpSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChatServerTest {

    private static TcpSocket join(Server server) throws Exception {
        TcpSocket socket = Copas.scheduler().tcp();
        socket.setTimeout(Duration.ofSeconds(10));
        socket.connect(server.localAddress());
        return socket;
    }

    @Test
    void linesGoToEveryOtherMemberAndLeavingIsAnnounced() throws Exception {
        Scheduler scheduler = Scheduler.create();
        ChatServer chat = new ChatServer();
        Server server = chat.start(scheduler, 0);
        List<String> seenByAna = InLoop.run(scheduler, () -> {
            try (TcpSocket ana = join(server)) {
                String welcome = ana.receiveLine();
                try (TcpSocket bob = join(server)) {
                    assertEquals("welcome, chat:client_2 (2 here)", bob.receiveLine());
                    String joined = ana.receiveLine();
                    bob.send("hi all\n");
                    String said = ana.receiveLine();
                    ana.send("hi bob\n");
                    assertEquals("chat:client_1: hi bob", bob.receiveLine());
                    bob.close();
                    return List.of(welcome, joined, said, ana.receiveLine(), String.valueOf(chat.size()));
                }
            }
        });
        assertEquals(List.of("welcome, chat:client_1 (1 here)", "* chat:client_2 joined", "chat:client_2: hi all",
                "* chat:client_2 left", "1"), seenByAna);
    }
}
