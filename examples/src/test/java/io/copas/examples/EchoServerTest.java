package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.Server;
import io.copas.core.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EchoServerTest {

    @Test
    void echoesEveryLineOfManyClientsAtOnce() throws Exception {
        Scheduler scheduler = Scheduler.create();
        Server echo = EchoServer.start(scheduler, 0);
        List<String> answers = InLoop.run(scheduler, () -> {
            List<String> got = new ArrayList<>();
            List<Task> clients = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String line = "hello " + i;
                clients.add(Copas.scheduler().add(() -> got.add(EchoClient.echo(echo.localAddress(), line))));
            }
            while (clients.stream().anyMatch(c -> !c.isDone())) {
                Copas.pause();
            }
            return got;
        });
        assertEquals(List.of("hello 0", "hello 1", "hello 2", "hello 3", "hello 4"), answers.stream().sorted().toList());
    }
}
