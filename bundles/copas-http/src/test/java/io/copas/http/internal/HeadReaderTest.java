package io.copas.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.http.HttpHeaders;
import io.copas.http.HttpProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Header and trailer fields read by {@link HeadReader}, folded lines included. */
class HeadReaderTest {

    private static Wire wire(String text) {
        return new Wire(ResponseFuzzTest.piecewise(text.getBytes(StandardCharsets.ISO_8859_1), new int[0]));
    }

    /**
     * Regression: a folded line was trimmed with {@code String.strip()}, which also removes the
     * control characters U+001C..U+001F, so a folded line of only such characters was accepted
     * (and they vanished) while the same characters in an unfolded value are refused.
     */
    @Test
    void controlCharacterInAFoldedLineIsRefusedNotStripped() {
        for (char control = 0x1c; control <= 0x1f; control++) {
            char c = control;
            HttpProtocolException e = assertThrows(HttpProtocolException.class,
                    () -> HeadReader.readFields(wire("A: b\r\n " + c + "\r\n\r\n"), "trailer"), "U+" + (int) c);
            assertTrue(e.getMessage().contains("control character"), e.getMessage());
        }
    }

    @Test
    void foldedLineIsJoinedToTheValueWithItsSpacesAndTabsTrimmed() throws IOException {
        HttpHeaders fields = HeadReader.readFields(wire("A: b\r\n \t more \t\r\n\r\n"), "header");
        assertEquals("b more", fields.value("A"));
    }
}
