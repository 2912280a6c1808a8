import io.copas.core.Copas;
import java.time.Duration;
import java.util.List;

/** Runs as the loop's first task: pauses (a real yield), then greets with its arguments. */
public class Hello {
    public static void main(String[] args) throws Exception {
        Copas.pause(Duration.ofMillis(10));
        System.out.println("hello " + List.of(args) + " from " + Copas.current().name()
                + " on " + Copas.scheduler().engine());
    }
}
