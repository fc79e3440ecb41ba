package dev.prodaudit.probe.redis;

import java.util.Locale;

/**
 * Redis answered one command with an error reply (the connection stays usable): "ERR unknown command 'CONFIG'",
 * "NOPERM ...", "WRONGTYPE ...". The message is the server's first line, clipped.
 */
final class RedisError extends Exception {
    private static final long serialVersionUID = 1L;

    RedisError(String message) {
        super(message);
    }

    /**
     * The command is disabled or forbidden for this user, as managed services do with CONFIG: renamed away
     * ("ERR unknown command"), refused by an ACL ("NOPERM"), or not implemented ("ERR unknown subcommand").
     */
    boolean unavailable() {
        String m = getMessage() == null ? "" : getMessage().toLowerCase(Locale.ROOT);
        return m.startsWith("noperm") || m.contains("unknown command") || m.contains("unknown subcommand")
                || m.contains("not allowed") || m.contains("no permissions") || m.contains("disabled");
    }
}
