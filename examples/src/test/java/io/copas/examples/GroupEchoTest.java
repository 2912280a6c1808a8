package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.copas.core.Scheduler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The manual's scheduler group: the sharded echo answers, and a member asks another for a value. */
@Timeout(60)
class GroupEchoTest {

    @Test
    void theShardedEchoAnswersAndAMemberAsksAnotherWithoutHoldingItsLoop() throws Exception {
        GroupEcho.Started started = GroupEcho.start(0);
        try (var group = started.group(); Socket client = new Socket()) {
            client.connect(started.echo().localAddress(), 10_000);
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write("hello group\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("hello group", in.readLine());

            Scheduler first = group.members().get(0);
            Scheduler second = group.members().get(1);
            int answer = first.submit(() -> GroupEcho.askOther(second, () -> 6 * 7)).get(30, TimeUnit.SECONDS);
            assertEquals(42, answer);
        }
    }
}
