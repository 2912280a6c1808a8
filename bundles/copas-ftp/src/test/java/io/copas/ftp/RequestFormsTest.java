package io.copas.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** URLs, builder defaults and argument checks, without any connection. */
class RequestFormsTest {

    @Test
    void upstreamDefaults() {
        FtpRequest r = FtpRequest.builder("ftp://example.org").build();
        assertEquals("example.org", r.host());
        assertEquals(21, r.port());
        assertEquals("ftp", r.user());
        assertEquals("anonymous@anonymous.org", r.password());
        assertEquals("/", r.path());
        assertNull(r.type(), "no TYPE command unless asked, as upstream");
        assertTrue(r.passive());
        assertEquals(FtpTlsMode.NONE, r.tlsMode());
        assertEquals(Duration.ofSeconds(60), r.timeout());
    }

    @Test
    void urlWithEverything() {
        FtpRequest r = FtpRequest.builder("ftp://us%40er:p%3Ass+w@127.0.0.1:2121/dir/my%20file.txt;type=i").build();
        assertEquals("us@er", r.user());
        assertEquals("p:ss+w", r.password());
        assertEquals(2121, r.port());
        assertEquals("/dir/my file.txt", r.path());
        assertEquals(FtpType.BINARY, r.type());
        assertEquals(FtpType.ASCII, FtpRequest.builder("ftp://h/f;type=a").build().type());
    }

    @Test
    void urlsThatJavaNetUriRefusesAreTakenAsUpstreamsUrlParseTakesThem() {
        FtpRequest r = FtpRequest.builder("ftp://u:p@ftp_server:2121/dir/my file.txt;type=i").build();
        assertEquals("ftp_server", r.host(), "a container's service name is a host name");
        assertEquals(2121, r.port());
        assertEquals("/dir/my file.txt", r.path());
        assertEquals(FtpType.BINARY, r.type());
        assertEquals("/a|b^{c}", FtpRequest.builder("ftp://h/a|b^{c}?query#fragment").build().path());
        assertEquals("/", FtpRequest.builder("ftp://h").build().path());
        assertEquals("fe80::1%25eth0", FtpRequest.builder("ftp://[fe80::1%25eth0]/f").build().host());
    }

    @Test
    void aCheckMayListAlternativesAsUpstreamsTableOfChecks() {
        assertTrue(new FtpReply(331, List.of("password")).matches("2..|331"));
        assertTrue(new FtpReply(230, List.of("in")).matches("2..|331"));
        assertFalse(new FtpReply(530, List.of("no")).matches("2..|331"));
        assertEquals("2..|331", new FtpCommand("USER", "me", "2..|331").check());
        assertThrows(IllegalArgumentException.class, () -> new FtpCommand("USER", "me", "2..|"));
        assertThrows(IllegalArgumentException.class, () -> new FtpReply(200, List.of()).matches("2..,331"));
    }

    @Test
    void commandNamesGoOutUpperCaseAsUpstreamsTpSendsThem() {
        assertEquals("NLST", FtpCommand.of("nlst", null).name());
        assertEquals("MKD", FtpRequest.builder("ftp://h/").command("mkd").build().command());
    }

    @Test
    void ipv6LiteralsAndImplicitTls() {
        FtpRequest r = FtpRequest.builder("ftp://[::1]:2121/f").build();
        assertEquals("::1", r.host());
        FtpRequest s = FtpRequest.builder("ftps://h/f").build();
        assertEquals(FtpTlsMode.IMPLICIT, s.tlsMode());
        assertEquals(990, s.port());
    }

    @Test
    void settersAfterTheUrlOverrideIt() {
        FtpRequest r = FtpRequest.builder("ftp://a:b@h:1/p;type=a").user("c").port(2).path("q").type(FtpType.BINARY).build();
        assertEquals("c", r.user());
        assertEquals("b", r.password());
        assertEquals(2, r.port());
        assertEquals("q", r.path());
        assertEquals(FtpType.BINARY, r.type());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h/f", "ftp:///f", "ftp://h/f;type=x", "ftp://h/f;mode=i", "ftp://h/a%0d%0aDELE%20b",
        "not a url", "ftp://h/%00", "ftp://h:99999/f", "ftp://h:x/f", "ftp://[::1/f", "ftp://a b/f", "ftp://::1/f",
        "ftp://h/a\r\nDELE b"})
    void badUrlsAreRefusedWithTheirReason(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FtpRequest.builder(url));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void percentEscapesThatAreNotUtf8AreRefusedNotReplaced() {
        // a Latin-1 name went out as 'caf\uFFFD.txt', another name; commands are UTF-8 (RFC 2640)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FtpRequest.builder("ftp://h/pub/caf%E9.txt"));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        IllegalArgumentException password = assertThrows(IllegalArgumentException.class,
                () -> FtpRequest.builder("ftp://me:s%E9cret@h/f"));
        assertFalse(password.getMessage().contains("cret"), "the password is not quoted: " + password.getMessage());
        assertEquals("/pub/caf\u00e9.txt", FtpRequest.builder("ftp://h/pub/caf%C3%A9.txt").build().path());
    }

    @Test
    void lineEndsCannotInjectCommands() {
        assertThrows(IllegalArgumentException.class, () -> FtpRequest.builder().path("a\r\nDELE b"));
        assertThrows(IllegalArgumentException.class, () -> FtpRequest.builder().user("u\nPASS x"));
        assertThrows(IllegalArgumentException.class, () -> FtpRequest.builder().argument("x\r"));
        assertThrows(IllegalArgumentException.class, () -> FtpCommand.of("DELE", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> FtpCommand.of("DE LE", null));
        assertThrows(IllegalArgumentException.class, () -> new FtpCommand("DELE", null, "2x"));
    }

    @Test
    void replyChecksUseUpstreamsPatterns() {
        FtpReply reply = new FtpReply(250, List.of("done"));
        assertTrue(reply.matches("2.."));
        assertTrue(reply.matches("250"));
        assertFalse(reply.matches("24."));
        assertFalse(reply.matches("3.."));
        assertTrue(reply.isPositive());
        assertFalse(new FtpReply(150, List.of("")).isPositive());
        assertThrows(IllegalArgumentException.class, () -> new FtpReply(99, List.of("x")));
    }

    @Test
    void sourcesHandOutBoundedChunks() throws Exception {
        FtpSource source = FtpSource.of(new byte[FtpSource.CHUNK * 2 + 1]);
        assertEquals(FtpSource.CHUNK, source.pull().length);
        assertEquals(FtpSource.CHUNK, source.pull().length);
        assertEquals(1, source.pull().length);
        assertNull(source.pull());
    }

    @Test
    void aTransferOutsideATaskSaysWhereItMustBeMade() {
        // it named the core's own call, Copas.scheduler(), which the caller never made
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ftp.get("ftp://127.0.0.1:1/x"));
        assertTrue(e.getMessage().startsWith("an FTP transfer must be made from a Copas task"), e.getMessage());
    }
}
