package io.copas.ftp.examples;

import io.copas.core.Scheduler;
import io.copas.ftp.Ftp;
import io.copas.ftp.FtpRequest;
import io.copas.ftp.FtpSink;
import io.copas.ftp.FtpTlsMode;
import io.copas.ftp.FtpType;
import io.copas.tls.TlsParameters;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The FTP example of the README, compiled and run by {@link FtpExampleTest}. */
public final class FtpExample {

    private FtpExample() {
    }

    /**
     * Downloads and uploads over plain FTP, then downloads over explicit FTPS into a file.
     *
     * @param server "host:port" of an FTP server that also speaks explicit FTPS
     * @param tls    TLS parameters that trust that server
     * @param target where the FTPS download goes
     */
    public static void run(String server, TlsParameters tls, Path target) {
        // README-EXAMPLE-START
        Scheduler scheduler = Scheduler.create();
        scheduler.loop(() -> {
            // simple form; anonymous login as upstream (user "ftp", password "anonymous@anonymous.org")
            byte[] readme = Ftp.get("ftp://" + server + "/pub/readme.txt;type=i");
            System.out.println("got: " + new String(readme, StandardCharsets.UTF_8));
            Ftp.put("ftp://me:secret@" + server + "/pub/hello.txt", "hello, copas");

            // generic form: explicit FTPS (AUTH TLS), binary, streamed into a file
            try (OutputStream file = Files.newOutputStream(target)) {
                Ftp.get(FtpRequest.builder("ftp://me:secret@" + server + "/pub/hello.txt")
                        .type(FtpType.BINARY)
                        .tls(FtpTlsMode.EXPLICIT, tls)
                        .sink(FtpSink.of(file))
                        .build());
            }
        });
        // README-EXAMPLE-END
        scheduler.close();
    }
}
