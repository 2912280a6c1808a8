package io.copas.ftp;

import java.io.IOException;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The FTP client's operations (upstream {@code copas.ftp}), callable from a Copas task only: each
 * blocks the task, never the loop. {@link Ftp} offers them as static methods; a service or
 * registry can hand out this interface instead.
 *
 * <p>Failures: {@link FtpException} for a refusing reply (with its code and text),
 * {@link FtpProtocolException} for a server that breaks the protocol,
 * {@link io.copas.core.TransferTimeoutException} when a connect, a reply or the data connection
 * takes longer than the request's timeout, other {@link IOException}s for failed connections
 * (TLS failures as {@link javax.net.ssl.SSLException}). Every connection is closed before the
 * call returns or throws.
 */
@ProviderType
public interface FtpClient {

    /**
     * Downloads a file ({@code ftp.get(url)}).
     *
     * @param url {@code ftp://[user[:password]@]host[:port]/path[;type=a|i]} or {@code ftps://...}
     * @return the file's bytes
     * @throws IOException if the transfer fails
     */
    byte[] get(String url) throws IOException;

    /**
     * Downloads into the request's sink ({@code ftp.get(gett)}); {@code command("NLST")} or
     * {@code command("LIST")} fetch a listing instead of a file.
     *
     * @param request the request, with a sink
     * @throws IOException if the transfer fails
     * @throws IllegalArgumentException if the request has no sink
     */
    void get(FtpRequest request) throws IOException;

    /**
     * Uploads {@code content} ({@code ftp.put(url, body)}).
     *
     * @param url     the URL, as {@link #get(String)}
     * @param content the bytes
     * @return the number of bytes sent
     * @throws IOException if the transfer fails
     */
    long put(String url, byte[] content) throws IOException;

    /**
     * Uploads from the request's source ({@code ftp.put(putt)}); {@code command("APPE")} appends.
     *
     * @param request the request, with a source
     * @return the number of bytes sent
     * @throws IOException if the transfer fails
     * @throws IllegalArgumentException if the request has no source
     */
    long put(FtpRequest request) throws IOException;

    /**
     * Logs in, sends the request's commands ({@link FtpRequest#commands()}, or its single
     * {@link FtpRequest#command()} with its argument and check), then {@code QUIT}
     * ({@code ftp.command(cmdt)}). Each command's final reply must match its check; without a
     * check any 1xx to 3xx reply is accepted.
     *
     * @param request the request
     * @return the final reply to each command, in order (the text of {@code SIZE}, {@code MDTM}, ...)
     * @throws IOException if a command fails
     * @throws IllegalArgumentException if the request has no command
     */
    List<FtpReply> command(FtpRequest request) throws IOException;
}
