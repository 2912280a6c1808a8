import io.copas.core.Copas;
import io.copas.core.Scheduler;
import io.copas.core.SchedulerStatus;
import io.copas.core.TcpSocket;
import io.copas.core.TransferClosedException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The connection-churn soak (soak/run.sh): an echo server on one Copas scheduler (service mode),
 * and a client scheduler that opens and closes CONNECTIONS connections to it, CONCURRENCY at a
 * time, each with one round trip. Before (after a warm-up) and after, it reads the open file
 * descriptors, the server scheduler's tasks and sockets, the live platform threads and the RSS,
 * and fails (exit 1) if any is above its starting level by more than the stated margin, or if a
 * round trip was lost.
 *
 * <p>Ports: the client closes with SO_LINGER 0 (a reset, so no side keeps the connection in
 * TIME_WAIT) and the connections are spread over ADDRESSES loopback destinations
 * (127.0.0.1..127.0.0.N, each with its own listening socket), so that the ~28,000 ephemeral ports
 * of one destination are never the limit.
 */
public final class Soak {

    static final long FD_MARGIN = 8;
    static final long THREAD_MARGIN = 2;
    static final long RSS_MARGIN_MB = 64;

    record Levels(long fds, int tasks, int sockets, int threads, long rssMb) {
        @Override
        public String toString() {
            return "fds=" + fds + " tasks=" + tasks + " sockets=" + sockets + " threads=" + threads + " rss=" + rssMb + "MB";
        }
    }

    public static void main(String[] args) throws Exception {
        long connections = Long.parseLong(args.length > 0 ? args[0] : "1000000");
        int concurrency = Integer.parseInt(args.length > 1 ? args[1] : "500");
        int addresses = Integer.parseInt(args.length > 2 ? args[2] : "8");
        long warmup = Math.min(20_000, connections / 10);

        Scheduler server = Scheduler.builder().name("soak-echo").build();
        List<InetSocketAddress> targets = new ArrayList<>();
        List<ServerSocketChannel> channels = new ArrayList<>();
        for (int a = 1; a <= addresses; a++) {
            ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0." + a, 0), 4096);
            channels.add(channel);
            targets.add((InetSocketAddress) channel.getLocalAddress());
            server.addServer(channel, socket -> {
                try {
                    socket.send(socket.receiveLine() + "\n");
                    socket.receiveLine(); // the client's reset ends it
                } catch (TransferClosedException expected) {
                    // reset or closed by the client after its round trip
                }
            }, java.time.Duration.ofSeconds(30), "echo-" + a);
        }
        server.start();

        AtomicLong lost = new AtomicLong();
        run(targets, warmup, concurrency, lost);
        Levels before = levels(server);
        System.out.println("after warm-up of " + warmup + " connections: " + before);

        long start = System.nanoTime();
        long done = run(targets, connections, concurrency, lost);
        double seconds = (System.nanoTime() - start) / 1e9;
        Levels after = levels(server);
        System.out.printf("%d connections (%d at a time, %d destination addresses) in %.1f s: %.0f connections/s%n",
                done, concurrency, addresses, seconds, done / seconds);
        System.out.println("after: " + after);
        System.out.println("round trips lost: " + lost.get());

        List<String> failures = new ArrayList<>();
        if (lost.get() != 0 || done != connections) {
            failures.add(lost.get() + " round trips lost, " + done + " of " + connections + " completed");
        }
        if (after.fds() > before.fds() + FD_MARGIN) {
            failures.add("open descriptors grew: " + before.fds() + " -> " + after.fds() + " (margin " + FD_MARGIN + ")");
        }
        if (after.tasks() > before.tasks() || after.sockets() > before.sockets()) {
            failures.add("server tasks/sockets grew: " + before + " -> " + after);
        }
        if (after.threads() > before.threads() + THREAD_MARGIN) {
            failures.add("threads grew: " + before.threads() + " -> " + after.threads() + " (margin " + THREAD_MARGIN + ")");
        }
        if (after.rssMb() > before.rssMb() + RSS_MARGIN_MB) {
            failures.add("RSS grew: " + before.rssMb() + " -> " + after.rssMb() + " MB (margin " + RSS_MARGIN_MB + " MB)");
        }
        server.close();
        for (ServerSocketChannel c : channels) {
            c.close();
        }
        System.out.println(failures.isEmpty() ? "SOAK PASSED (margins: fds +" + FD_MARGIN + ", threads +" + THREAD_MARGIN
                + ", RSS +" + RSS_MARGIN_MB + " MB, tasks and sockets +0)" : "SOAK FAILED: " + failures);
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** Opens and closes {@code total} connections, {@code concurrency} at a time, on a fresh client scheduler. */
    static long run(List<InetSocketAddress> targets, long total, int concurrency, AtomicLong lost) {
        AtomicLong next = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        try (Scheduler clients = Scheduler.builder().name("soak-clients").build()) {
            for (int w = 0; w < concurrency; w++) {
                clients.add("client-" + w, () -> {
                    long n;
                    while ((n = next.getAndIncrement()) < total) {
                        if (roundTrip(targets.get((int) (n % targets.size())), n)) {
                            completed.incrementAndGet();
                        } else {
                            lost.incrementAndGet();
                        }
                    }
                });
            }
            clients.loop();
        }
        return completed.get();
    }

    static boolean roundTrip(InetSocketAddress target, long n) {
        TcpSocket socket = null;
        try {
            socket = Copas.scheduler().tcp();
            socket.setTimeout(java.time.Duration.ofSeconds(30));
            socket.connect(target);
            String line = "round trip " + n;
            socket.send(line + "\n");
            boolean ok = line.equals(socket.receiveLine());
            socket.channel().setOption(StandardSocketOptions.SO_LINGER, 0);
            return ok;
        } catch (IOException e) {
            if (n % 1000 == 0 || Boolean.getBoolean("soak.verbose")) {
                System.err.println("round trip " + n + " to " + target + " failed: " + e);
            }
            return false;
        } finally {
            if (socket != null) {
                socket.close();
            }
        }
    }

    static Levels levels(Scheduler server) throws Exception {
        System.gc();
        SchedulerStatus status = server.submit(() -> server.status()).get();
        long fds;
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
            fds = list.count();
        }
        long rssKb = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
        return new Levels(fds, server.tasks().size(), status.sockets(),
                ManagementFactory.getThreadMXBean().getThreadCount(), rssKb / 1024);
    }
}
