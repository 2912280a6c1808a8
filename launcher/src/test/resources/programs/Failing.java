import io.copas.core.Copas;
import java.time.Duration;

/**
 * main fails after it started a task that would sleep for an hour: the launcher must print the
 * traceback and exit 1 at once, not wait for that task.
 */
public class Failing {
    public static void main(String[] args) throws Exception {
        Copas.scheduler().add("sleeper", () -> Copas.pause(Duration.ofHours(1)));
        Copas.pause(Duration.ofMillis(10));
        System.out.println("about to fail");
        throw new IllegalStateException("the program gave up");
    }
}
