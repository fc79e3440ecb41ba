package dev.prodaudit.probe.qdrant;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Deadline;
import com.google.common.util.concurrent.ListenableFuture;
import dev.prodaudit.probe.HungTargets;
import io.grpc.Status;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * The Qdrant calls of one check, all within the check's time budget: the check's timeout less a small margin, so the
 * probe reports "timed out after N ms" with the endpoint and the RPC before the engine's watchdog would. Every call
 * carries a gRPC deadline at the end of that budget. An endpoint that timed out is recorded in {@link HungTargets},
 * and every later call to it in this run fails at once with the same reason.
 */
final class QdrantSession {
    private final QdrantConnection conn;
    private final HungTargets hung;
    private final long budgetMillis;
    private final long deadline;

    QdrantSession(QdrantConnection conn, HungTargets hung, long timeoutMillis, long startNanos) {
        this.conn = conn;
        this.hung = hung;
        this.budgetMillis = budget(timeoutMillis);
        this.deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    }

    /** A little under the check's timeout: a tenth of it, at least 50 ms and at most 250 ms less. */
    static long budget(long timeoutMillis) {
        return Deadline.budget(timeoutMillis);
    }

    QdrantConnection connection() {
        return conn;
    }

    String endpoint() {
        return conn.endpoint().key();
    }

    /**
     * Sends one RPC and waits for its answer.
     *
     * @param rpc  {@code Collections/List}, as the error names it
     * @param call starts the call with the given gRPC timeout
     */
    <T> T call(String rpc, Function<Duration, ListenableFuture<T>> call) throws ProbeFailure {
        String endpoint = endpoint();
        Optional<String> earlier = hung.earlierTimeout(endpoint);
        if (earlier.isPresent()) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "", earlier.get());
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "",
                    "timed out after " + budgetMillis + " ms: no time left for " + rpc + " on Qdrant " + endpoint);
        }
        ListenableFuture<T> future = call.apply(Duration.ofMillis(left));
        try {
            // The gRPC deadline ends the call; the wait's own limit is only a backstop.
            return future.get(left + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "", "interrupted while waiting for " + rpc + " on Qdrant " + endpoint);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(rpc, endpoint, left);
        } catch (ExecutionException e) {
            throw translate(rpc, endpoint, left, e.getCause());
        }
    }

    private ProbeFailure timedOut(String rpc, String endpoint, long left) {
        // A call that had most of the budget and still got no answer marks the endpoint hung for the rest of the run.
        if (left >= budgetMillis / 2 && !Thread.currentThread().isInterrupted()) {
            hung.timedOut(endpoint, left);
        }
        return new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "DEADLINE_EXCEEDED",
                "timed out after " + left + " ms: Qdrant " + endpoint + " did not answer " + rpc);
    }

    private ProbeFailure translate(String rpc, String endpoint, long left, Throwable cause) {
        Status status = Status.fromThrowable(cause);
        String code = status.getCode().name();
        String grpc = "gRPC " + code + describe(status);
        switch (status.getCode()) {
            case DEADLINE_EXCEEDED:
                return timedOut(rpc, endpoint, left);
            case UNAUTHENTICATED:
            case PERMISSION_DENIED:
                return new ProbeFailure(ProbeFailure.Kind.AUTH, code, rpc + " on Qdrant " + endpoint + " was refused (" + grpc + ")");
            case NOT_FOUND:
                return new ProbeFailure(ProbeFailure.Kind.NOT_FOUND, code, rpc + " on Qdrant " + endpoint + ": " + grpc);
            case UNAVAILABLE:
                if (has(cause, ConnectException.class)) {
                    return new ProbeFailure(ProbeFailure.Kind.REFUSED, code,
                            "connection refused by Qdrant " + endpoint + " (gRPC " + code + "): " + rpc);
                }
                if (has(cause, UnknownHostException.class)) {
                    return new ProbeFailure(ProbeFailure.Kind.DNS, code,
                            "cannot resolve " + conn.endpoint().host() + " (gRPC " + code + "): " + rpc + " on Qdrant " + endpoint);
                }
                Throwable tls = tlsCause(cause);
                if (tls != null) {
                    boolean plaintext = isNotSslRecord(tls);
                    String why = plaintext ? "the server does not speak TLS on this port" : clip(conn.scrub(message(tls)));
                    return new ProbeFailure(ProbeFailure.Kind.TLS, code, "TLS handshake with Qdrant " + endpoint + " failed ("
                            + why + "; gRPC " + code + "): " + rpc
                            + (plaintext ? "; if Qdrant serves plain gRPC, write QDRANT_URL with http://"
                                    : "; if its CA is private, pass it with --ca-file"));
                }
                return new ProbeFailure(ProbeFailure.Kind.IO, code, rpc + " on Qdrant " + endpoint + " failed: " + grpc
                        + (conn.endpoint().tls() ? "" : "; if Qdrant serves gRPC over TLS, write QDRANT_URL with https://"));
            default:
                return new ProbeFailure(ProbeFailure.Kind.IO, code, rpc + " on Qdrant " + endpoint + " failed: " + grpc);
        }
    }

    /**
     * ": description" of a status: its first line (gRPC appends the channel pipeline on further lines); the bare
     * "io exception" of a transport failure adds its cause's message.
     */
    private String describe(Status status) {
        String d = status.getDescription() == null ? null : status.getDescription().lines().findFirst().orElse("").strip();
        if ((d == null || d.isBlank() || d.equals("io exception")) && status.getCause() != null) {
            d = (d == null || d.isBlank() ? "" : d + ": ") + message(status.getCause());
        }
        return d == null || d.isBlank() ? "" : ": " + clip(conn.scrub(d));
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Shaded Netty's NotSslRecordException (a plaintext answer to a TLS hello) in the chain, else the innermost
     * SSLException, else null.
     */
    private static Throwable tlsCause(Throwable t) {
        Throwable ssl = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (isNotSslRecord(c)) {
                return c;
            }
            if (c instanceof SSLException) {
                ssl = c;
            }
        }
        return ssl;
    }

    private static boolean isNotSslRecord(Throwable t) {
        return t.getClass().getSimpleName().equals("NotSslRecordException");
    }

    private static String message(Throwable t) {
        return ProbeFailure.reason(t, "gRPC");
    }

    /** One line, at most 160 characters. */
    static String clip(String text) {
        String one = text.replace('\r', ' ').replace('\n', ' ').strip();
        return one.length() <= 160 ? one : one.substring(0, 159) + "…";
    }
}
