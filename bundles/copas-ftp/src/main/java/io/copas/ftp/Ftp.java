package io.copas.ftp;

import io.copas.ftp.internal.FtpClientImpl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The FTP client as static methods (upstream {@code copas.ftp.get}, {@code put} and
 * {@code command}), for use inside a Copas task:
 *
 * <pre>{@code
 * byte[] file = Ftp.get("ftp://127.0.0.1:2121/pub/readme.txt;type=i");
 * Ftp.put("ftp://me:secret@127.0.0.1:2121/upload/hello.txt", "hello");
 * Ftp.get(FtpRequest.builder("ftp://127.0.0.1/big.iso")
 *         .type(FtpType.BINARY).tls(FtpTlsMode.EXPLICIT)
 *         .sink(FtpSink.of(outputStream)).build());
 * }</pre>
 *
 * See {@link FtpClient} for the failures.
 */
public final class Ftp {

    private static final FtpClient CLIENT = new FtpClientImpl();

    private Ftp() {
    }

    /**
     * The client behind these methods.
     *
     * @return the client
     */
    public static FtpClient client() {
        return CLIENT;
    }

    /**
     * Downloads a file, see {@link FtpClient#get(String)}.
     *
     * @param url the URL
     * @return the bytes
     * @throws IOException if the transfer fails
     */
    public static byte[] get(String url) throws IOException {
        return CLIENT.get(url);
    }

    /**
     * Downloads into the request's sink, see {@link FtpClient#get(FtpRequest)}.
     *
     * @param request the request
     * @throws IOException if the transfer fails
     */
    public static void get(FtpRequest request) throws IOException {
        CLIENT.get(request);
    }

    /**
     * Uploads bytes, see {@link FtpClient#put(String, byte[])}.
     *
     * @param url     the URL
     * @param content the bytes
     * @return the number of bytes sent
     * @throws IOException if the transfer fails
     */
    public static long put(String url, byte[] content) throws IOException {
        return CLIENT.put(url, content);
    }

    /**
     * Uploads text encoded as UTF-8, see {@link FtpClient#put(String, byte[])}.
     *
     * @param url     the URL
     * @param content the text
     * @return the number of bytes sent
     * @throws IOException if the transfer fails
     */
    public static long put(String url, String content) throws IOException {
        return CLIENT.put(url, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Uploads from the request's source, see {@link FtpClient#put(FtpRequest)}.
     *
     * @param request the request
     * @return the number of bytes sent
     * @throws IOException if the transfer fails
     */
    public static long put(FtpRequest request) throws IOException {
        return CLIENT.put(request);
    }

    /**
     * Sends commands, see {@link FtpClient#command(FtpRequest)}.
     *
     * @param request the request
     * @return the final reply to each command
     * @throws IOException if a command fails
     */
    public static List<FtpReply> command(FtpRequest request) throws IOException {
        return CLIENT.command(request);
    }
}
