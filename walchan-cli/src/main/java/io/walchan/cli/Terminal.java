package io.walchan.cli;

import java.io.Console;
import java.io.InputStream;
import java.lang.reflect.Method;

/**
 * What the commands know about their surroundings: whether a person is watching
 * (then long operations draw progress on stderr) and where stdin comes from.
 * Tests pass their own.
 */
public final class Terminal {

    private final boolean interactive;
    private final InputStream in;

    /**
     * @param interactive true if progress should be drawn
     * @param in standard input
     */
    public Terminal(boolean interactive, InputStream in) {
        this.interactive = interactive;
        this.in = in;
    }

    /** @return the process's terminal: interactive if stdin and stdout are a terminal */
    public static Terminal system() {
        return new Terminal(isTerminal(System.console()), System.in);
    }

    /**
     * Java 22+ returns a Console also when output is redirected and adds
     * {@code Console.isTerminal()}; call it when it exists.
     */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: a Console exists only on a terminal.
        }
    }

    /** @return true if progress and chatter should go to stderr */
    public boolean interactive() {
        return interactive;
    }

    /** @return standard input */
    public InputStream in() {
        return in;
    }
}
