import io.copas.core.Copas;
import java.time.Duration;

/** Runs until a signal ends the process: a task pausing for ever in a try with a finally, and a shutdown hook. */
public class Forever {
    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
        Copas.scheduler().add("forever", () -> {
            try {
                System.out.println("started");
                while (true) {
                    Copas.pause(Duration.ofMillis(50));
                }
            } finally {
                System.out.println("finally ran");
            }
        });
    }
}
