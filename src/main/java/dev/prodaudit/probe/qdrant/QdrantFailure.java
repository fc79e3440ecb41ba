package dev.prodaudit.probe.qdrant;

/**
 * A Qdrant call that got no usable answer. The message is the check's ERROR reason (or, for {@link Kind#NOT_FOUND},
 * the start of its FAIL): one line naming the endpoint, the RPC and the gRPC status code with its description, never
 * a stack trace and never the API key.
 */
final class QdrantFailure extends Exception {
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
        /** UNAUTHENTICATED or PERMISSION_DENIED: the call's credentials (or their absence) were refused. */
        AUTH,
        /** NOT_FOUND: the collection does not exist. */
        NOT_FOUND,
        /** Any other status. */
        OTHER
    }

    private final Kind kind;
    private final String code;

    QdrantFailure(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
    }

    Kind kind() {
        return kind;
    }

    /** The gRPC status code, e.g. UNAUTHENTICATED ("" when the call never got one). */
    String code() {
        return code;
    }
}
