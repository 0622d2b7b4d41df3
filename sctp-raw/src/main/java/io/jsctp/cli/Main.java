package io.jsctp.cli;

/** Entry point of the {@code jsctp} command-line tool. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("jsctp");
    }
}
