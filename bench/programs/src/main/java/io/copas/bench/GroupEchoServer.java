package io.copas.bench;

import io.copas.core.SchedulerGroup;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The harness' echo server ({@link EchoServer}'s handler) on a {@link SchedulerGroup} of SIZE loops,
 * for the {@code group} part (bench/group.sh): the CPUs it may use are given by {@code taskset}
 * around it. Sharding by SO_REUSEPORT where the kernel spreads connections, or by one acceptor
 * ({@code acceptor}). The engine comes from {@code -Dio.copas.engine}.
 *
 * <p>usage: GroupEchoServer PORT LIFETIME_S SIZE [reuseport|acceptor]; prints
 * {@code LISTENING PORT engine=NAME size=SIZE sharding=reuseport|acceptor}.
 */
public final class GroupEchoServer {

    private GroupEchoServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: GroupEchoServer PORT LIFETIME_S SIZE [reuseport|acceptor]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long lifetime = Long.parseLong(args[1]);
        int size = Integer.parseInt(args[2]);
        boolean reusePort = args.length < 4 || !args[3].equals("acceptor");
        SchedulerGroup group = BenchSupport.group(size, reusePort);
        group.addServer(new InetSocketAddress("127.0.0.1", port), 4096, EchoServer.ECHO, null, "echo");
        System.out.println("LISTENING " + port + " engine=" + group.engine() + " size=" + group.size()
                + " sharding=" + (group.reusePort() ? "reuseport" : "acceptor"));
        System.out.flush();
        Thread.sleep(lifetime * 1000);
        System.exit(0);
    }
}
