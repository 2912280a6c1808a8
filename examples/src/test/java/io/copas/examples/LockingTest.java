package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LockingTest {

    @Test
    void eachWritersHeaderAndBodyStayTogether() {
        assertEquals(List.of("a: header", "a: body", "b: header", "b: body"), Locking.pairs());
    }
}
