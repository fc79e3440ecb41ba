package dev.prodaudit.probe.http;

/**
 * An HTTP exchange that produced no response: the message is the check's ERROR reason, one line, naming
 * the endpoint ("timed out after 900 ms: GET https://api.example.com/health").
 */
final class HttpFailure extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** The endpoint did not answer in time (now, or earlier in this run). */
        TIMEOUT,
        /** Nothing listens: connection refused. */
        REFUSED,
        /** The host name does not resolve. */
        DNS,
        /** TLS handshake or certificate verification failed. */
        TLS,
        /** Any other I/O failure. */
        IO,
        /** The run's HTTP client cannot be built (unreadable CA file). */
        CONFIG
    }

    private final Kind kind;

    HttpFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
