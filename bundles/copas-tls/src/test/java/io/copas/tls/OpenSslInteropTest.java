package io.copas.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.copas.core.Scheduler;
import io.copas.core.Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with a peer nobody here wrote: Debian's {@code openssl s_server} and
 * {@code openssl s_client}. Skipped, with a message, when {@code openssl} is not installed.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OpenSslInteropTest {

    private static final Duration T = Duration.ofSeconds(20);
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;
    private final TestPki pki = TestPki.get();
    private final List<Process> processes = new ArrayList<>();
    private final Scheduler scheduler = Scheduler.builder().name("interop").build();
    private final List<Map.Entry<String, Throwable>> errors = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.Semaphore errorSeen = new java.util.concurrent.Semaphore(0);

    @BeforeEach
    void setUp() throws Exception {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0,
                    "openssl does not run: install it (apt-get install -y openssl) to run the interop tests");
            System.out.println("interop peer: " + version);
            Process b = new ProcessBuilder("stdbuf", "--version").redirectErrorStream(true).start();
            b.getInputStream().readAllBytes();
            Assumptions.assumeTrue(b.waitFor(10, TimeUnit.SECONDS) && b.exitValue() == 0, "stdbuf (coreutils) does not run");
        } catch (IOException e) {
            Assumptions.abort("openssl not found on PATH: install it (apt-get install -y openssl) to run the interop tests");
        }
        TestPki.writePem(pki.serverA, dir, "server");
        TestPki.writePem(pki.clientA, dir, "client");
        TestPki.writePem(pki.rootA.certificate(), dir, "rootA");
        TestPki.writePem(pki.rootB.certificate(), dir, "rootB");
        scheduler.setDefaultErrorHandler((e, task, socket) -> {
            errors.add(Map.entry(task.name(), e));
            errorSeen.release();
        });
        scheduler.start();
    }

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        scheduler.close();
    }

    /** Starts openssl with {@code args}; its output lines (stdout and stderr) go to the returned queue. */
    private BlockingQueue<String> openssl(List<String> args, Process[] started) throws IOException {
        List<String> command = new ArrayList<>();
        command.addAll(List.of("stdbuf", "-oL")); // openssl's stdout is a pipe: line-buffer it
        command.add("openssl");
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        processes.add(p);
        started[0] = p;
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("openssl-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output failed: " + e + ">");
            }
        });
        return lines;
    }

    /** Waits for a line matching {@code pattern}; fails with everything seen otherwise. */
    private static Matcher await(BlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + T.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        return fail("openssl never printed " + pattern + "; it printed: " + seen);
    }

    private static void type(Process p, String text) throws IOException {
        OutputStream in = p.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private <T> T inTask(java.util.concurrent.Callable<T> work) throws Exception {
        return scheduler.submit(work).get(T.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void javaClientAgainstOpenSslServerWithMutualTlsAlpnAndKeyUpdate() throws Exception {
        Process[] server = new Process[1];
        BlockingQueue<String> out = openssl(List.of("s_server", "-accept", "127.0.0.1:0", "-naccept", "1",
                "-cert", "server.pem", "-key", "server.key", "-CAfile", "rootA.pem",
                "-Verify", "1", "-verify_return_error", "-alpn", "h2,http/1.1"), server);
        int port = Integer.parseInt(await(out, ACCEPT).group(1));
        TlsParameters params = TestPki.client(pki.rootA.certificate())
                .identity(pki.clientA.key(), pki.clientA.chain()).applicationProtocols("http/1.1").build();

        TlsSocket tls = inTask(() -> Tls.connect("127.0.0.1", port, params, T));
        assertEquals(Optional.of("http/1.1"), tls.applicationProtocol());
        assertEquals("CN=server A", tls.peerCertificates().get(0).getSubjectX500Principal().getName());
        inTask(() -> tls.send("hello from java\n"));
        await(out, Pattern.compile("^hello from java$"));

        type(server[0], "plain data\n");
        assertEquals("plain data", inTask(tls::receiveLine));
        var line = scheduler.submit(tls::receiveLine); // reading while the key update comes
        type(server[0], "K\n"); // a TLS 1.3 KeyUpdate that asks us to update our keys too
        await(out, Pattern.compile("^SSL_do_handshake -> 1$"));
        type(server[0], "from openssl after key update\n");
        assertEquals("from openssl after key update", line.get(T.toSeconds(), TimeUnit.SECONDS));
        inTask(() -> tls.send("from java after key update\n"));
        await(out, Pattern.compile("^from java after key update$"));

        inTask(() -> {
            tls.close();
            return null;
        });
        assertTrue(server[0].waitFor(T.toSeconds(), TimeUnit.SECONDS), "s_server ends after its one connection");
        assertTrue(errors.isEmpty(), () -> "tasks failed: " + errors);
    }

    @Test
    void javaClientFollowsATls12RenegotiationByOpenSsl() throws Exception {
        Process[] server = new Process[1];
        BlockingQueue<String> out = openssl(List.of("s_server", "-accept", "127.0.0.1:0", "-naccept", "1", "-tls1_2",
                "-cert", "server.pem", "-key", "server.key"), server);
        int port = Integer.parseInt(await(out, ACCEPT).group(1));
        TlsSocket tls = inTask(() -> Tls.connect("127.0.0.1", port, TestPki.client(pki.rootA.certificate()).build(), T));
        assertEquals("TLSv1.2", tls.session().getProtocol());
        inTask(() -> tls.send("before\n"));
        await(out, Pattern.compile("^before$"));
        var line = scheduler.submit(tls::receiveLine); // the reader follows the new handshake
        type(server[0], "r\n"); // HelloRequest; s_server waits until the new handshake is done
        await(out, Pattern.compile("^SSL_do_handshake -> 1$"));
        type(server[0], "after renegotiation\n");
        assertEquals("after renegotiation", line.get(T.toSeconds(), TimeUnit.SECONDS));
        inTask(() -> tls.send("java after renegotiation\n"));
        await(out, Pattern.compile("^java after renegotiation$"));
        inTask(() -> {
            tls.close();
            return null;
        });
        assertTrue(errors.isEmpty(), () -> "tasks failed: " + errors);
    }

    @Test
    void openSslClientAgainstJavaServerWithMutualTlsAlpnAndSni() throws Exception {
        TlsParameters params = TestPki.server(pki.serverA, pki.rootA.certificate())
                .clientAuth(ClientAuth.NEED).applicationProtocols("http/1.1").build();
        try (ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Server server = scheduler.addServer(channel, Tls.handler(tls -> {
                String line = tls.receiveLine();
                tls.send("echo " + line + " sni=" + tls.serverName().orElse("-") + " alpn=" + tls.applicationProtocol().orElse("-")
                        + " client=" + tls.peerCertificates().get(0).getSubjectX500Principal().getName() + "\n");
            }, params), T, "java");
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            Process[] client = new Process[1];
            BlockingQueue<String> out = openssl(List.of("s_client", "-connect", "127.0.0.1:" + port, "-quiet",
                    "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", "rootA.pem", "-verify_return_error",
                    "-cert", "client.pem", "-key", "client.key", "-alpn", "http/1.1"), client);
            type(client[0], "hello from openssl\n");
            client[0].getOutputStream().close();
            await(out, Pattern.compile(
                    "^echo hello from openssl sni=localhost alpn=http/1\\.1 client=CN=client A$"));
            assertTrue(client[0].waitFor(T.toSeconds(), TimeUnit.SECONDS), "s_client ends at our close_notify");
            assertEquals(0, client[0].exitValue(), "s_client exit status");
            scheduler.removeServer(server, false);
        }
        assertTrue(errors.isEmpty(), () -> "tasks failed: " + errors);
    }

    @Test
    void openSslClientThatDistrustsUsIsReportedToTheHandlerTask() throws Exception {
        TlsParameters params = TestPki.server(pki.serverA).build();
        try (ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Server server = scheduler.addServer(channel, Tls.handler(tls -> tls.send("never\n"), params), T, "java");
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            Process[] client = new Process[1];
            openssl(List.of("s_client", "-connect", "127.0.0.1:" + port, "-quiet", "-servername", "localhost",
                    "-CAfile", "rootB.pem", "-verify_return_error"), client);
            client[0].getOutputStream().close();
            assertTrue(client[0].waitFor(T.toSeconds(), TimeUnit.SECONDS));
            assertTrue(client[0].exitValue() != 0, "s_client refused our certificate");
            // the error handler runs on the loop thread
            assertTrue(errorSeen.tryAcquire(T.toSeconds(), TimeUnit.SECONDS), "the handler task's failure was reported");
            scheduler.removeServer(server, false);
        }
        assertEquals(1, errors.size(), () -> "errors: " + errors);
        Throwable e = errors.get(0).getValue();
        assertInstanceOf(SSLException.class, e);
        assertTrue(e.getMessage().contains("127.0.0.1") && TlsHarness.messages(e).contains("unknown_ca"), TlsHarness.messages(e));
    }

    @Test
    void renegotiationRequestedByAnOpenSslClientIsRefused() throws Exception {
        TlsParameters params = TestPki.server(pki.serverA).build();
        try (ServerSocketChannel channel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Server server = scheduler.addServer(channel, Tls.handler(tls -> {
                while (true) {
                    tls.send("echo " + tls.receiveLine() + "\n");
                }
            }, params), T, "java");
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            Process[] client = new Process[1];
            // not -quiet: s_client's command letters (R = renegotiate) need it
            BlockingQueue<String> out = openssl(List.of("s_client", "-connect", "127.0.0.1:" + port, "-tls1_2",
                    "-servername", "localhost", "-CAfile", "rootA.pem", "-verify_return_error"), client);
            type(client[0], "hello\n");
            await(out, Pattern.compile("^echo hello$"));
            type(client[0], "R\n");
            await(out, Pattern.compile("RENEGOTIATING"));
            assertTrue(errorSeen.tryAcquire(T.toSeconds(), TimeUnit.SECONDS), "the handler task's failure was reported");
            assertTrue(client[0].waitFor(T.toSeconds(), TimeUnit.SECONDS), "s_client ends: we hung up");
            scheduler.removeServer(server, false);
        }
        assertEquals(1, errors.size(), () -> "errors: " + errors);
        Throwable e = errors.get(0).getValue();
        assertInstanceOf(SSLException.class, e);
        assertTrue(e.getMessage().contains("renegotiation is refused"), TlsHarness.messages(e));
    }
}
