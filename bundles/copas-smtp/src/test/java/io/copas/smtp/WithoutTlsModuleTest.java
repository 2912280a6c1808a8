package io.copas.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Scheduler;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * io.copas.smtp on a module path without io.copas.tls (a child JVM): plain SMTP works, STARTTLS
 * when offered is skipped under OPPORTUNISTIC, and REQUIRED or implicit TLS fail with an
 * exception naming the missing module and how to resolve it: a module on the module path that
 * nothing requires is not resolved.
 */
class WithoutTlsModuleTest {

    private static final String PROBE = """
            import io.copas.core.Scheduler;
            import io.copas.smtp.*;

            public class Probe {
                public static void main(String[] args) {
                    int port = Integer.parseInt(args[0]);
                    Scheduler.create().loop(() -> {
                        for (String mode : args[1].split(",")) {
                            SmtpRequest.Builder b = SmtpRequest.builder().server("127.0.0.1").port(port)
                                    .from("a@example.org").recipient("b@example.org").message("Subject: x\\r\\n\\r\\ny\\r\\n");
                            switch (mode) {
                                case "implicit" -> b.implicitTls(true);
                                case "required" -> b.tlsPolicy(TlsPolicy.REQUIRED);
                                case "auth" -> b.tlsPolicy(TlsPolicy.OPPORTUNISTIC).credentials("user", "secret");
                                default -> b.tlsPolicy(TlsPolicy.OPPORTUNISTIC);
                            }
                            try {
                                SmtpResult r = Smtp.send(b.build());
                                System.out.println(mode + ": sent " + r.code() + " secure=" + r.secure());
                            } catch (Exception e) {
                                System.out.println(mode + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                            }
                        }
                    });
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void plainSmtpWorksAndTlsRequestsNameTheMissingModule() throws Exception {
        runProbe(location(Scheduler.class) + File.pathSeparator + location(Smtp.class));
    }

    /** A server that offers AUTH only after STARTTLS: the refusal says that STARTTLS was skipped, and why. */
    @Test
    void authOfferedOnlyAfterStartTlsNamesTheMissingModuleAsTheReasonStartTlsWasSkipped() throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS", "8BITMIME");
            p.on("QUIT", "221 bye");
        })) {
            String output = runJava(location(Scheduler.class) + File.pathSeparator + location(Smtp.class),
                    server.port(), "auth");
            server.awaitScript();
            assertTrue(output.contains("auth: SmtpException: "), output);
            assertTrue(output.contains("many servers offer AUTH only after it (TLS policy OPPORTUNISTIC; STARTTLS was"
                    + " skipped because the module io.copas.tls is not present. On the module path, add `requires"
                    + " io.copas.tls;`"), output);
            assertFalse(server.clientSent("STARTTLS"));
            assertFalse(server.clientSent("AUTH"));
        }
    }

    @Test
    void aTlsJarOnTheModulePathThatNothingRequiresIsNamedWithTheWayToResolveIt() throws Exception {
        runProbe(location(Scheduler.class) + File.pathSeparator + location(Smtp.class) + File.pathSeparator
                + location(io.copas.tls.Tls.class));
    }

    private void runProbe(String modulePath) throws Exception {
        try (ScriptedServer server = new ScriptedServer(p -> {
            p.greet("STARTTLS", "8BITMIME");
            p.on("MAIL", "250 ok").on("RCPT", "250 ok").on("DATA", "354 go");
            p.data();
            p.say("250 ok").on("QUIT", "221 bye");
        })) {
            String output = runJava(modulePath, server.port(), "implicit,required,opportunistic");
            server.awaitScript();
            assertTrue(output.contains("implicit: IllegalStateException: implicit TLS needs the module and OSGi bundle io.copas.tls"), output);
            assertTrue(output.contains("required: IllegalStateException: TLS policy REQUIRED needs the module and OSGi bundle io.copas.tls"), output);
            assertTrue(output.contains("or start java with --add-modules io.copas.tls"), output);
            assertTrue(output.contains("opportunistic: sent 250 secure=false"), output);
            assertFalse(server.clientSent("STARTTLS"));
        }
    }

    /** Runs the probe in a child JVM on {@code modulePath} with the given modes; returns what it printed. */
    private String runJava(String modulePath, int port, String modes) throws Exception {
        Path probe = Files.writeString(dir.resolve("Probe.java"), PROBE);
        Process java = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "--add-modules", "io.copas.smtp", "-Dio.copas.engine=default",
                probe.toString(), String.valueOf(port), modes))
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, java.exitValue(), output);
        return output;
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
