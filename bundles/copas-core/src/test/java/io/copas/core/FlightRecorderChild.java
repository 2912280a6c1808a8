package io.copas.core;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/**
 * A child JVM for {@link FlightRecorderStartupTest}: one loop whose task passes every Flight
 * Recorder hook of the scheduler (a step, a task's start, runs and end, and a socket wait that
 * times out), then prints {@code done}.
 */
public final class FlightRecorderChild {

    private FlightRecorderChild() {
    }

    /**
     * Runs the loop.
     *
     * @param args unused
     * @throws Exception if the loop fails
     */
    public static void main(String[] args) throws Exception {
        try (Scheduler scheduler = Scheduler.builder().name("child").build();
                ServerSocketChannel silent = ServerSocketChannel.open()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            scheduler.add("waits", () -> {
                TcpSocket socket = Copas.scheduler().tcp();
                try {
                    socket.connect(silent.getLocalAddress());
                    socket.setTimeout(Duration.ofMillis(20));
                    socket.receiveLine();
                } catch (TransferTimeoutException expected) {
                    // the timed-out wait the test looks for
                } finally {
                    socket.close();
                }
            });
            scheduler.loop();
        }
        System.out.println("done");
    }
}
