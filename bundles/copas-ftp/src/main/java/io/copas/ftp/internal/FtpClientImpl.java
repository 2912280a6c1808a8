package io.copas.ftp.internal;

import io.copas.ftp.FtpClient;
import io.copas.ftp.FtpCommand;
import io.copas.ftp.FtpReply;
import io.copas.ftp.FtpRequest;
import io.copas.ftp.FtpSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/** The FTP client: one session per request, as upstream (no connection is kept between requests). */
public final class FtpClientImpl implements FtpClient {

    /** Creates the client; it holds no state. */
    public FtpClientImpl() {
    }

    @Override
    public byte[] get(String url) throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        get(FtpRequest.builder(url).sink(content::writeBytes).build());
        return content.toByteArray();
    }

    @Override
    public void get(FtpRequest request) throws IOException {
        Objects.requireNonNull(request, "request");
        if (request.sink() == null) {
            throw new IllegalArgumentException("a get needs a sink");
        }
        try (FtpSession session = FtpSession.open(request)) {
            session.receive(request.sink());
            session.quit();
        }
    }

    @Override
    public long put(String url, byte[] content) throws IOException {
        return put(FtpRequest.builder(url).source(FtpSource.of(content)).build());
    }

    @Override
    public long put(FtpRequest request) throws IOException {
        Objects.requireNonNull(request, "request");
        if (request.source() == null) {
            throw new IllegalArgumentException("a put needs a source");
        }
        try (FtpSession session = FtpSession.open(request)) {
            long sent = session.send(request.source());
            session.quit();
            return sent;
        }
    }

    @Override
    public List<FtpReply> command(FtpRequest request) throws IOException {
        Objects.requireNonNull(request, "request");
        List<FtpCommand> commands = !request.commands().isEmpty() ? request.commands()
                : request.command() == null ? List.of()
                : List.of(new FtpCommand(request.command(), request.argument(), request.check()));
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("missing command");
        }
        try (FtpSession session = FtpSession.open(request)) {
            List<FtpReply> replies = session.commands(commands);
            session.quit();
            return replies;
        }
    }
}
