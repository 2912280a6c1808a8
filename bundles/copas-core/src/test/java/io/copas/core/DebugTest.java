package io.copas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** copas.debug.start/stop and copas.debug.socket: what the loop and a socket do is logged. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DebugTest {

    @Test
    void debugLogShowsResumesWaitsAndEndsAndStops() {
        Scheduler scheduler = Scheduler.create();
        List<String> lines = new ArrayList<>();
        scheduler.startDebug(lines::add, false);
        scheduler.add("sleeper", () -> Copas.pause(Duration.ofMillis(5)));
        scheduler.loop();
        assertTrue(lines.contains("resume 'sleeper'"), lines::toString);
        assertTrue(lines.contains("'sleeper' yielded: SLEEPING"), lines::toString);
        assertTrue(lines.contains("'sleeper' ended"), lines::toString);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("step:")), "core steps are off");

        scheduler.stopDebug();
        lines.clear();
        scheduler.add(() -> Copas.pause());
        scheduler.loop();
        assertEquals(List.of(), lines);
        scheduler.close();
    }

    @Test
    void coreDebugAlsoLogsSteps() {
        Scheduler scheduler = Scheduler.create();
        List<String> lines = new ArrayList<>();
        scheduler.startDebug(lines::add, true);
        scheduler.add(() -> Copas.pause());
        scheduler.loop();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("step: waited")), lines::toString);
        scheduler.close();
    }

    @Test
    void debugSocketLogsCallsArgumentsAndResults() throws Exception {
        Scheduler scheduler = Scheduler.create();
        ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Server echo = scheduler.addServer(channel, socket -> socket.send(socket.receiveLine() + "\n"));
        List<String> lines = new ArrayList<>();
        String[] reply = new String[1];
        scheduler.loop(() -> {
            TcpSocket client = DebugSockets.wrap(Copas.scheduler().tcp(), lines::add);
            client.setName("dbg");
            client.connect(echo.localAddress());
            client.send("hi\n");
            reply[0] = client.receiveLine();
            client.close();
            Copas.scheduler().removeServer(echo, false);
        });
        assertEquals("hi", reply[0]);
        assertTrue(lines.contains("dbg:send(\"hi\\n\")"), lines::toString);
        assertTrue(lines.contains("dbg:send(\"hi\\n\") -> 3"), lines::toString);
        assertTrue(lines.contains("dbg:receiveLine() -> \"hi\""), lines::toString);
        scheduler.close();
    }

    @Test
    void debugUdpSocketLogsCallsAndFailures() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Scheduler scheduler = Scheduler.create()) {
            scheduler.loop(() -> {
                UdpSocket udp = DebugSockets.wrap(Copas.scheduler().udp(), lines::add);
                udp.setName("u");
                udp.setTimeout(Duration.ZERO);
                try {
                    udp.receive(16);
                } catch (TransferTimeoutException expected) {
                    // logged below
                }
                udp.close();
            });
        }
        assertTrue(lines.contains("u:receive(16)"), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("u:receive(16) threw " + TransferTimeoutException.class.getName())),
                lines::toString);
        assertTrue(lines.contains("u:close() -> null"), lines::toString);
    }

    @Test
    void forwardingSocketsForwardEveryCallOfTheirInterface() throws Exception {
        assertForwardsAll(io.copas.core.spi.ForwardingTcpSocket.class, TcpSocket.class);
        assertForwardsAll(io.copas.core.spi.ForwardingUdpSocket.class, UdpSocket.class);
    }

    /** Every method of {@code api} (the convenience defaults too, streams aside) is implemented by {@code forwarding}. */
    private static void assertForwardsAll(Class<?> forwarding, Class<?> api) throws NoSuchMethodException {
        for (java.lang.reflect.Method m : api.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) || m.getName().endsWith("Stream")) {
                continue; // the streams are views over the forwarded calls
            }
            java.lang.reflect.Method impl = forwarding.getMethod(m.getName(), m.getParameterTypes());
            assertTrue(!impl.isDefault(), () -> forwarding.getSimpleName() + " does not forward " + m);
        }
    }
}
