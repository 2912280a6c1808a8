import io.copas.core.Copas;
import java.time.Duration;

/**
 * main fails after it started a task that would sleep for an hour: the launcher must print the
 * traceback and exit 1 at once, not wait for that task, whose finally block runs up to its first wait.
 */
public class Failing {
    public static void main(String[] args) throws Exception {
        Copas.scheduler().add("sleeper", () -> {
            try {
                Copas.pause(Duration.ofHours(1));
            } finally {
                System.out.println("sleeper's finally starts");
                Copas.pause(Duration.ofMillis(1)); // a removed task is not resumed: nothing more runs
                System.out.println("sleeper's finally ends");
            }
        });
        Copas.pause(Duration.ofMillis(10));
        System.out.println("about to fail");
        throw new IllegalStateException("the program gave up");
    }
}
