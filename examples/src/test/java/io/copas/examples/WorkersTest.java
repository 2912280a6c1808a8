package io.copas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.copas.core.Scheduler;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WorkersTest {

    @Test
    void everyItemIsHandledOnceAndTheWorkersShareThem() throws Exception {
        Map<String, Integer> handled = new TreeMap<>();
        long sum = InLoop.run(Scheduler.create(), () -> Workers.sumOfSquares(100, 4, handled));
        assertEquals(338_350, sum);
        assertEquals(100, handled.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(handled.keySet().stream().allMatch(name -> name.startsWith("jobs:worker_")), handled::toString);
        assertTrue(handled.size() > 1, "more than one worker took items: " + handled);
    }

    @Test
    void mainPrintsTheSum() {
        assertTrue(Output.of(() -> Workers.main(new String[0])).startsWith("338350 {jobs:worker_"));
    }
}
