package dev.prodaudit.probe.redis;

/**
 * The Redis server could not be used at all: the message is the check's one-line ERROR reason, naming the endpoint
 * and never a password ("connection refused by 10.0.0.5:6379").
 */
final class RedisFailure extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** No answer in time (now, or earlier in this run). */
        TIMEOUT,
        /** Nothing listens: connection refused. */
        REFUSED,
        /** The host name does not resolve. */
        DNS,
        /** TLS handshake or certificate verification failed. */
        TLS,
        /** The credentials of the URL were refused, or a password is required and the URL has none. */
        AUTH,
        /** Any other I/O or protocol failure. */
        IO,
        /** The CA file cannot be read. */
        CONFIG
    }

    private final Kind kind;

    RedisFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
