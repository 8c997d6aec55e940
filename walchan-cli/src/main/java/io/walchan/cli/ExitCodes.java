package io.walchan.cli;

/**
 * Exit codes of the {@code walchan} command. {@code verify} uses 0/1/2 for its
 * verdict; every command uses 2 for a corrupt log, 3 for any other failure and
 * 64 for a command-line mistake.
 */
public final class ExitCodes {

    /** Success; for verify: no damage. */
    public static final int OK = 0;
    /** verify: only damage that opening the channel repairs by itself (e.g. a torn tail). */
    public static final int REPAIRABLE = 1;
    /** verify: damage that makes opening fail; any command: the log is corrupt or of an unsupported version. */
    public static final int CORRUPT = 2;
    /** Directory missing, not a channel directory, locked by another process, I/O error. */
    public static final int ERROR = 3;
    /** Unknown option, missing or malformed argument (BSD's EX_USAGE). */
    public static final int USAGE = 64;

    private ExitCodes() {
    }
}
