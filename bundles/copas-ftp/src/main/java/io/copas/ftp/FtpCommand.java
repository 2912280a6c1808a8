package io.copas.ftp;

import java.util.Locale;
import java.util.Objects;

/**
 * One command of {@link Ftp#command(FtpRequest)} (an entry of upstream's {@code command},
 * {@code argument} and {@code check} tables).
 *
 * @param name     the command, for example {@code "DELE"}, of 3 or 4 letters; sent upper-case, as
 *                 upstream's {@code tp} does
 * @param argument its argument, or {@code null}; no line ends
 * @param check    the reply code it must get, as {@code "2.."} or {@code "350"}, or alternatives
 *                 split by {@code '|'} as {@code "2..|331"} (upstream's table of checks); {@code null}
 *                 accepts any 1xx to 3xx reply
 */
public record FtpCommand(String name, String argument, String check) {

    /**
     * Checks the components.
     *
     * @param name     the command
     * @param argument its argument, or {@code null}
     * @param check    the expected reply, or {@code null}
     */
    public FtpCommand {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z]{3,4}")) {
            throw new IllegalArgumentException("name must be an FTP command of 3 or 4 letters, was '" + name + "'");
        }
        name = name.toUpperCase(Locale.ROOT); // sent upper-case, as LuaSocket's tp does: "nlst" goes out as NLST
        if (argument != null && (argument.indexOf('\r') >= 0 || argument.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("argument must not contain CR or LF (it would inject a command)");
        }
        if (check != null && !check.matches(FtpReply.CHECK_SYNTAX)) {
            throw new IllegalArgumentException("check must be three digits or dots, as \"2..\", or such alternatives "
                    + "split by '|', as \"2..|331\", was '" + check + "'");
        }
    }

    /**
     * A command without a check.
     *
     * @param name     the command
     * @param argument its argument, or {@code null}
     * @return the command
     */
    public static FtpCommand of(String name, String argument) {
        return new FtpCommand(name, argument, null);
    }
}
