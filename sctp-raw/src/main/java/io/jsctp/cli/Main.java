package io.jsctp.cli;

import io.jsctp.raw.net.ErrnoException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code jsctp} command: each subcommand is a class of its own. Failures print one line saying
 * what went wrong (an errno in the C style where there is one) and exit non-zero; a stack trace only
 * with {@code --debug}.
 */
@Command(name = "jsctp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "SCTP (RFC 9260) in user space over raw IP sockets.",
        subcommands = {
            ListenCommand.class,
            ConnectCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = false;
        for (String a : args) {
            debug |= a.equals("--debug");
        }
        boolean showTrace = debug;
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ErrnoException e) {
                commandLine.getErr().println(e.getMessage());
            } else if (ex instanceof CliException e) {
                commandLine.getErr().println(e.getMessage());
                return e.exitCode();
            } else {
                commandLine.getErr().println("jsctp: " + ex);
            }
            if (showTrace) {
                ex.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }

    /** The version from the jar's manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jsctp " + (v == null ? "development" : v)};
        }
    }
}
