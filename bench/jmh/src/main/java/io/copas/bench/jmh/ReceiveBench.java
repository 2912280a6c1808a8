package io.copas.bench.jmh;

import io.copas.core.Copas;
import io.copas.core.ReceivePattern;
import io.copas.core.Scheduler;
import io.copas.core.TcpSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Line parsing: a connected loopback pair of Copas sockets; per invocation a writer task sends
 * {@code LINES} short lines in one {@code send} and the reader task takes them one by one, so
 * almost every receive finds its line already buffered (the socket reads up to 64 KiB at a time).
 * An operation is one line received ({@code receiveLine}: decoded to a String;
 * {@code receiveLineBytes}: {@code receive(LINE)}, bytes), including its share of the send and
 * of the reads. {@code roundTrip} is the other case, where nothing is buffered: the two sockets
 * play ping-pong with one line at a time, so every receive follows a send and has to wait for the
 * loop (decision 0016); an operation is one round trip (two sends, two receives).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED"})
public class ReceiveBench {

    static final int LINES = 16_384;
    static final int ROUND_TRIPS = 2_048;

    /**
     * A scheduler on the engine under test, a connected socket pair on it, and the lines to send
     * (one state, so that the sockets surely belong to the scheduler the benchmark drives).
     */
    @State(Scope.Thread)
    public static class Pair {

        /** The engine under test, as in {@link EngineState}. */
        @Param({"default", "carrier"})
        public String engine;

        /** Line length in bytes, including the "\n". */
        @Param({"16", "64"})
        public int lineLength;

        Scheduler scheduler;
        TcpSocket writer;
        TcpSocket reader;
        byte[] batch;

        @Setup(Level.Trial)
        public void setUp() {
            scheduler = EngineState.newScheduler(engine);
            try {
                connect();
            } catch (IOException e) {
                throw new IllegalStateException("cannot connect the socket pair", e);
            }
        }

        private void connect() throws IOException {
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel accepted = listener.accept();
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                writer = scheduler.wrap(client);
                reader = scheduler.wrap(accepted);
            }
            byte[] line = new byte[lineLength];
            Arrays.fill(line, (byte) 'x');
            line[lineLength - 1] = '\n';
            batch = new byte[LINES * lineLength];
            for (int i = 0; i < LINES; i++) {
                System.arraycopy(line, 0, batch, i * lineLength, lineLength);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            writer.close();
            reader.close();
            scheduler.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public int receiveLine(Pair p) {
        int[] chars = new int[1];
        p.scheduler.loop(() -> {
            Scheduler self = Copas.scheduler();
            self.add(() -> p.writer.send(p.batch));
            self.add(() -> {
                for (int i = 0; i < LINES; i++) {
                    chars[0] += p.reader.receiveLine().length();
                }
            });
        });
        return chars[0];
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public int roundTrip(Pair p) {
        int[] bytes = new int[1];
        byte[] line = Arrays.copyOf(p.batch, p.lineLength);
        p.scheduler.loop(() -> {
            Scheduler self = Copas.scheduler();
            self.add(() -> {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    p.writer.send(line);
                    bytes[0] += p.writer.receive(ReceivePattern.LINE).length;
                }
            });
            self.add(() -> {
                for (int i = 0; i < ROUND_TRIPS; i++) { // the harness' echo: the line and its "\n" in one send
                    byte[] got = p.reader.receive(ReceivePattern.LINE);
                    byte[] reply = Arrays.copyOf(got, got.length + 1);
                    reply[got.length] = '\n';
                    p.reader.send(reply);
                }
            });
        });
        return bytes[0];
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public int receiveLineBytes(Pair p) {
        int[] bytes = new int[1];
        p.scheduler.loop(() -> {
            Scheduler self = Copas.scheduler();
            self.add(() -> p.writer.send(p.batch));
            self.add(() -> {
                for (int i = 0; i < LINES; i++) {
                    bytes[0] += p.reader.receive(ReceivePattern.LINE).length;
                }
            });
        });
        return bytes[0];
    }
}
