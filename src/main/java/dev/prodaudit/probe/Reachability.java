package dev.prodaudit.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether anything listens at a host and port, found with one TCP connect that sends nothing, once per run. A probe
 * whose client is costly to start (gRPC and Netty for Qdrant take about half a second to load) asks first: a refused
 * port is then reported at once, in the words the client would have used, without loading the client at all. An
 * answered connect decides nothing; the real client still speaks to the service.
 */
public final class Reachability {
    /** What one connect found; {@link #OPEN} means only that something accepted the connection. */
    private record Reach(ProbeFailure.Kind kind, String reason) {
        static final Reach OPEN = new Reach(null, null);
    }

    /** The run's answers by host:port. */
    private static final class Answers {
        private final java.util.Map<String, Reach> byEndpoint = new java.util.concurrent.ConcurrentHashMap<>();
    }

    private Reachability() {
    }

    /**
     * Why nothing can be asked at {@code host:port} ({@code service} names it in the message, e.g. "Qdrant"; "" for
     * the endpoint alone), or empty
     * when something accepted a connection. A connect that takes the whole budget marks the endpoint hung for the run
     * ({@link HungTargets}), as the clients' own timeouts do.
     */
    public static Optional<ProbeFailure> unreachable(ProbeContext ctx, String service, String host, int port,
                                                     Deadline deadline) {
        String endpoint = host + ":" + port;
        HungTargets hung = HungTargets.of(ctx);
        Optional<String> earlier = hung.earlierTimeout(endpoint);
        if (earlier.isPresent()) {
            return Optional.of(new ProbeFailure(ProbeFailure.Kind.TIMEOUT, earlier.get()));
        }
        Answers answers = ctx.clients().get("reachability", Answers.class, Answers::new);
        Reach reach = answers.byEndpoint.get(endpoint);
        if (reach == null) {
            reach = connect(service, host, port, deadline);
            if (reach.kind() == ProbeFailure.Kind.TIMEOUT) {
                hung.timedOut(endpoint, deadline.budgetMillis());
            } else {
                answers.byEndpoint.putIfAbsent(endpoint, reach);
            }
        }
        return reach.kind() == null ? Optional.empty() : Optional.of(new ProbeFailure(reach.kind(), reach.reason()));
    }

    private static Reach connect(String service, String host, int port, Deadline deadline) {
        String endpoint = host + ":" + port;
        String named = service.isEmpty() ? endpoint : service + " " + endpoint;
        long left = deadline.left();
        if (left <= 0) {
            return new Reach(ProbeFailure.Kind.TIMEOUT, "timed out after " + deadline.budgetMillis() + " ms: no time left to "
                    + "connect to " + named);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, left));
            return Reach.OPEN;
        } catch (UnknownHostException e) {
            return new Reach(ProbeFailure.Kind.DNS, "cannot resolve " + host + (service.isEmpty() ? "" : " (" + named + ")"));
        } catch (ConnectException | NoRouteToHostException e) {
            return new Reach(ProbeFailure.Kind.REFUSED, "connection refused by " + named);
        } catch (SocketTimeoutException e) {
            return new Reach(ProbeFailure.Kind.TIMEOUT, "timed out after " + left + " ms connecting to " + named);
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return Reach.OPEN; // not a refusal this connect can name: let the service's client find out and say what
        }
    }
}
