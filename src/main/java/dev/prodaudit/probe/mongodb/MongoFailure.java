package dev.prodaudit.probe.mongodb;

/**
 * A MongoDB exchange that produced no answer: the message is the check's ERROR reason, one line, naming the
 * endpoint and never a password ("connection refused by db.example.com:27017").
 */
final class MongoFailure extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** The deployment did not answer in time (now, or earlier in this run). */
        TIMEOUT,
        /** Nothing listens: connection refused. */
        REFUSED,
        /** A host name (or the SRV/TXT record of a mongodb+srv URI) does not resolve. */
        DNS,
        /** TLS handshake or certificate verification failed. */
        TLS,
        /** The credentials of MONGODB_URI were rejected. */
        AUTH,
        /** Any other failure. */
        IO
    }

    private final Kind kind;

    MongoFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
