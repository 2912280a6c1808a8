import io.copas.core.Copas;
import io.copas.core.Scheduler;
import java.time.Duration;

/** main returns at once; its tasks go on, and copas exits only once they have ended. */
public class Lingering {
    public static void main(String[] args) {
        Scheduler scheduler = Copas.scheduler();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            scheduler.add("worker-" + n, () -> {
                Copas.pause(Duration.ofMillis(100L * n));
                System.out.println("worker " + n + " done");
            });
        }
        System.out.println("main returned");
    }
}
