/** Does not compile: line 5 assigns a String to an int. */
public class Broken {
    public static void main(String[] args) {
        System.out.println("never printed");
        int count = "three";
    }
}
