/** A library for -l: its static initialiser runs when it is loaded. */
public class Greeter {
    static {
        System.out.println("greeter loaded");
    }

    static String greet(String name) {
        return "hello, " + name;
    }
}
