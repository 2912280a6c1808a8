package io.copas.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LuaSocket receive patterns: line (CR dropped), byte counts, all-until-close, prefixes and receivePartial (upstream receivepartial.lua). */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReceivePatternTest {

    @Test
    void lineDropsCrAndEndsAtLf() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        TestSockets.converse(socket -> socket.send("one\r\ntwo\nth\rree\n\nünï\n"), client -> {
            for (int i = 0; i < 5; i++) {
                lines.add(client.receiveLine());
            }
        });
        assertEquals(List.of("one", "two", "three", "", "ünï"), lines);
    }

    @Test
    void bytesReceivesExactCounts() throws Exception {
        List<String> parts = new CopyOnWriteArrayList<>();
        TestSockets.converse(socket -> socket.send("abcdefgh"), client -> {
            parts.add(new String(client.receive(3), UTF_8));
            parts.add(new String(client.receive(0), UTF_8));
            parts.add(new String(client.receive(ReceivePattern.bytes(5)), UTF_8));
            parts.add(new String(client.receive(ReceivePattern.parse("0")), UTF_8));
        });
        assertEquals(List.of("abc", "", "defgh", ""), parts);
    }

    @Test
    void allReadsUntilThePeerClosesAsSuccess() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        List<Throwable> after = new CopyOnWriteArrayList<>();
        TestSockets.converse(socket -> {
            socket.send("first part, ");
            socket.send("second part\nwith a newline");
            // the handler ends: autoclose closes the connection
        }, client -> {
            got.add(new String(client.receive(ReceivePattern.ALL), UTF_8));
            after.add(assertThrows(TransferClosedException.class, () -> client.receive(ReceivePattern.ALL)));
        });
        assertEquals(List.of("first part, second part\nwith a newline"), got);
        assertEquals(1, after.size(), "a second *a at the end of the stream reports closed, as LuaSocket");
    }

    @Test
    void prefixIsPrepended() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        TestSockets.converse(socket -> socket.send("line\nxyzrest"), client -> {
            got.add(new String(client.receive(ReceivePattern.LINE, "pre-".getBytes(UTF_8)), UTF_8));
            got.add(new String(client.receive(ReceivePattern.bytes(3), "<".getBytes(UTF_8)), UTF_8));
            got.add(new String(client.receive(ReceivePattern.ALL, ">".getBytes(UTF_8)), UTF_8));
        });
        assertEquals(List.of("pre-line", "<xy", ">zrest"), got, "a byte count includes the prefix");
    }

    @Test
    void aByteCountIncludesThePrefixSoThatAnEarlierPartialCanBeResumed() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        TestSockets.converse(socket -> {
            socket.send("abc");
            socket.receiveLine(); // the client has the first part
            socket.send("defgh");
        }, client -> {
            // LuaSocket's idiom: pass what came so far back as the prefix, with the same count
            byte[] part = new byte[0];
            while (part.length < 3) {
                part = client.receivePartial(ReceivePattern.bytes(6), part);
            }
            got.add(new String(part, UTF_8));
            client.send("got it\n");
            got.add(new String(client.receive(ReceivePattern.bytes(6), part), UTF_8)); // the rest of 6, not 6 more
            // a prefix as long as the count or longer is the result: nothing is read
            got.add(new String(client.receive(ReceivePattern.bytes(2), "long".getBytes(UTF_8)), UTF_8));
            got.add(new String(client.receivePartial(ReceivePattern.bytes(1), "x".getBytes(UTF_8)), UTF_8));
            got.add(new String(client.receive(2), UTF_8));
        });
        assertEquals(List.of("abc", "abcdef", "long", "x", "gh"), got);
    }

    @Test
    void endOfStreamInsideALineGivesClosedWithPartialData() throws Exception {
        List<TransferClosedException> failures = new CopyOnWriteArrayList<>();
        TestSockets.converse(socket -> socket.send("complete\nincomp\rlete"), client -> {
            assertEquals("complete", client.receiveLine());
            failures.add(assertThrows(TransferClosedException.class,
                    () -> client.receive(ReceivePattern.LINE, "p:".getBytes(UTF_8))));
        });
        assertEquals("p:incomplete", new String(failures.get(0).partialData(), UTF_8),
                "partial data keeps the prefix and drops CR");
    }

    @Test
    void endOfStreamBeforeEnoughBytesGivesClosedWithPartialData() throws Exception {
        List<TransferClosedException> failures = new CopyOnWriteArrayList<>();
        TestSockets.converse(socket -> socket.send("12345"), client ->
                failures.add(assertThrows(TransferClosedException.class, () -> client.receive(10))));
        assertArrayEquals("12345".getBytes(UTF_8), failures.get(0).partialData());
    }

    @Test
    void receivePartialReturnsChunksAsTheyCome() throws Exception {
        List<String> chunks = new ArrayList<>();
        TestSockets.converse(socket -> {
            for (int i = 1; i <= 3; i++) {
                socket.send("hi " + i);
                socket.receiveLine(); // the client's acknowledgement
            }
        }, client -> {
            while (true) {
                byte[] chunk = client.receivePartial(ReceivePattern.ALL, null);
                if (chunk.length == 0) {
                    break; // end of stream, as documented
                }
                chunks.add(new String(chunk, UTF_8));
                client.send("ack\n");
            }
        });
        assertEquals(List.of("hi 1", "hi 2", "hi 3"), chunks);
    }

    @Test
    void receivePartialOfAllThatCarriesItsDataAsPrefixEndsWithClosedAtTheEnd() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        TestSockets.converse(socket -> socket.send("some data"), client -> {
            // LuaSocket's idiom: pass what came so far back each time; the end must still show
            byte[] part = new byte[0];
            while (true) {
                try {
                    part = client.receivePartial(ReceivePattern.ALL, part);
                } catch (TransferClosedException end) {
                    got.add(new String(end.partialData(), UTF_8));
                    break;
                }
            }
        });
        assertEquals(List.of("some data"), got);
    }

    @Test
    void receivePartialOfBytesReturnsWhatIsThereAndAtMostTheCount() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        TestSockets.converse(socket -> {
            socket.send("abc");
            socket.receiveLine();
            socket.send("defghijk");
            socket.receiveLine();
        }, client -> {
            got.add(new String(client.receivePartial(ReceivePattern.bytes(5), null), UTF_8));
            client.send("ack\n");
            got.add(new String(client.receivePartial(ReceivePattern.bytes(5), "#".getBytes(UTF_8)), UTF_8));
            got.add(new String(client.receivePartial(ReceivePattern.bytes(5), null), UTF_8));
            client.send("ack\n");
        });
        assertEquals(List.of("abc", "#defg", "hijk"), got, "a byte count includes the prefix, as in LuaSocket");
    }

    @Test
    void parseAcceptsLuaSocketPatterns() {
        assertEquals(ReceivePattern.LINE, ReceivePattern.parse("*l"));
        assertEquals(ReceivePattern.LINE, ReceivePattern.parse("l"));
        assertEquals(ReceivePattern.ALL, ReceivePattern.parse("*a"));
        assertEquals(ReceivePattern.ALL, ReceivePattern.parse("a"));
        assertEquals(ReceivePattern.LINE, ReceivePattern.parse("*line"), "LuaSocket reads the first two characters");
        assertEquals(ReceivePattern.ALL, ReceivePattern.parse("*all"));
        assertEquals(ReceivePattern.bytes(42), ReceivePattern.parse("42"));
        assertEquals(ReceivePattern.Kind.BYTES, ReceivePattern.parse("42").kind());
        assertEquals(42, ReceivePattern.parse("42").count());
        assertEquals("*l", ReceivePattern.LINE.toString());
        assertEquals("*a", ReceivePattern.ALL.toString());
        assertEquals("7", ReceivePattern.bytes(7).toString());
        assertTrue(ReceivePattern.bytes(7).equals(ReceivePattern.parse("7")));
    }

    @Test
    void receivePartialOfAllReturnsAnEmptyArrayAtTheEndOfTheStream() throws Exception {
        // regression: it threw TransferClosedException although TcpSocket#receivePartial documents an empty array
        List<Integer> lengths = new CopyOnWriteArrayList<>();
        TestSockets.converse(socket -> socket.send("xy"), client -> {
            lengths.add(client.receivePartial(ReceivePattern.ALL, null).length);
            lengths.add(client.receivePartial(ReceivePattern.ALL, null).length);
            // the plain receive still reports the end of the stream as "closed", as LuaSocket's *a does
            assertThrows(TransferClosedException.class, () -> client.receive(ReceivePattern.ALL));
        });
        assertEquals(List.of(2, 0), lengths);
    }
}
