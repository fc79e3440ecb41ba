package dev.prodaudit.probe.dns;

import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.ProbeContext;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The run's DNS resolver: {@code targets.dnsServer} when set, else the system's (from resolv.conf or the
 * platform, via dnsjava's {@link ResolverConfig}). One per run, from the shared clients.
 *
 * <p>Queries go straight to the resolver ({@link Resolver#sendAsync}) rather than through dnsjava's
 * {@code Lookup}, so that SERVFAIL, REFUSED and NXDOMAIN stay distinguishable (Lookup folds SERVFAIL
 * and a timeout into TRY_AGAIN) and so that each wait is bounded by the check's own deadline, whatever
 * timeout the shared resolver was made with.
 */
final class DnsClient {
    private static final int MAX_CNAME_HOPS = 8;

    private final Resolver resolver;
    private final String endpoint;
    private final String problem;

    private DnsClient(Resolver resolver, String endpoint, String problem) {
        this.resolver = resolver;
        this.endpoint = endpoint;
        this.problem = problem;
    }

    /** The run's client for the configured server; the first check to ask makes it with its own budget. */
    static DnsClient shared(ProbeContext ctx, long budgetMillis) {
        String server = ctx.targets().dnsServer();
        return ctx.clients().get("dns-resolver:" + (server == null ? "system" : server), DnsClient.class,
                () -> create(server, Duration.ofMillis(budgetMillis)));
    }

    static DnsClient create(String server, Duration budget) {
        if (server == null) {
            List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
            if (servers.isEmpty()) {
                return new DnsClient(null, "system resolver",
                        "no system DNS resolver is configured; set targets.dnsServer in audit.yaml");
            }
            List<Resolver> each = new ArrayList<>();
            for (InetSocketAddress s : servers) {
                each.add(new SimpleResolver(s));
            }
            ExtendedResolver r = new ExtendedResolver(each);
            // Each server gets two tries inside the budget; the check's deadline bounds the whole query anyway.
            r.setRetries(2);
            r.setTimeout(budget.dividedBy(2L * servers.size()));
            return new DnsClient(r, "system resolver (" + String.join(", ", servers.stream().map(DnsClient::show).toList()) + ")", null);
        }
        try {
            InetSocketAddress address = parseServer(server);
            SimpleResolver r = new SimpleResolver(address);
            r.setTimeout(budget);
            return new DnsClient(r, show(address), null);
        } catch (IllegalArgumentException | UnknownHostException e) {
            return new DnsClient(null, server, "invalid targets.dnsServer '" + server + "': " + e.getMessage()
                    + " (expected host or host:port)");
        }
    }

    /** {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 literal. */
    static InetSocketAddress parseServer(String text) throws UnknownHostException {
        String s = text.strip();
        String host = s;
        int port = TargetKind.DNS_SERVER.defaultPort();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '['");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("unexpected '" + rest + "'");
                }
                port = port(rest.substring(1));
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = port(s.substring(s.indexOf(':') + 1));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port " + text + " is out of range");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + text + "' is not a number");
        }
    }

    private static String show(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Where queries go, for evidence and for {@code HungTargets}. */
    String endpoint() {
        return endpoint;
    }

    /** Why no query can be sent (bad configuration), or null. */
    String problem() {
        return problem;
    }

    /** The TXT records at {@code name} (CNAMEs followed), each record's strings joined as RFC 7208 §3.3 says. */
    sealed interface Answer permits Txt, NxDomain, Failed {
    }

    /** NOERROR: the records (none: the name exists without TXT records). {@code canonical} is after CNAMEs. */
    record Txt(String name, String canonical, List<String> records) implements Answer {
    }

    /** The name (or the end of its CNAME chain) does not exist. */
    record NxDomain(String name, String canonical) implements Answer {
    }

    /** The resolver answered with an error (SERVFAIL, REFUSED, ...) or the query failed on the network. */
    record Failed(String name, String reason) implements Answer {
    }

    /** No answer within the deadline. */
    static final class TimedOut extends Exception {
        final long millis;
        final String name;

        TimedOut(long millis, String name) {
            super("timed out after " + millis + " ms", null, false, false);
            this.millis = millis;
            this.name = name;
        }
    }

    /**
     * Asks for the TXT records at {@code name}, waiting at most until {@code deadlineNanos}
     * ({@link System#nanoTime()} clock); {@code budgetMillis} is what a timeout reports.
     */
    Answer txt(String name, long deadlineNanos, long budgetMillis) throws TimedOut {
        Name current;
        try {
            current = DnsNames.absolute(name);
        } catch (IllegalArgumentException e) {
            return new Failed(name, "'" + name + "' is not a valid DNS name: " + e.getMessage());
        }
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            Message response;
            try {
                response = send(current, name, deadlineNanos, budgetMillis);
            } catch (QueryFailed e) {
                return new Failed(name, e.getMessage());
            }
            if (response == null) {
                return new Failed(name, "interrupted");
            }
            int rcode = response.getRcode();
            if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
                return new Failed(name, Rcode.string(rcode) + " from " + endpoint + " for TXT " + DnsNames.show(current));
            }
            List<Record> answers = response.getSection(Section.ANSWER);
            Name before = current;
            // A recursive resolver answers with the whole chain: follow it inside this response first.
            for (int inResponse = 0; inResponse <= MAX_CNAME_HOPS; inResponse++) {
                List<String> texts = new ArrayList<>();
                Name next = null;
                for (Record r : answers) {
                    if (!r.getName().equals(current)) {
                        continue;
                    }
                    if (r instanceof TXTRecord txt) {
                        texts.add(joined(txt));
                    } else if (r instanceof CNAMERecord cname) {
                        next = cname.getTarget();
                    }
                }
                if (!texts.isEmpty()) {
                    return new Txt(name, DnsNames.show(current), texts);
                }
                if (next == null || next.equals(current)) {
                    break;
                }
                current = next;
            }
            if (rcode == Rcode.NXDOMAIN) {
                return new NxDomain(name, DnsNames.show(current));
            }
            if (current.equals(before)) {
                return new Txt(name, DnsNames.show(current), List.of());
            }
            // The chain ended at a name the response did not answer for: ask for it.
        }
        return new Failed(name, "more than " + MAX_CNAME_HOPS + " CNAMEs from " + name);
    }

    private Message send(Name qname, String asked, long deadlineNanos, long budgetMillis) throws TimedOut {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            throw new TimedOut(budgetMillis, asked);
        }
        Message query = Message.newQuery(Record.newRecord(qname, Type.TXT, DClass.IN));
        long start = System.nanoTime();
        CompletableFuture<Message> pending = resolver.sendAsync(query).toCompletableFuture();
        try {
            return pending.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(false);
            throw new TimedOut(budgetMillis, asked);
        } catch (InterruptedException e) {
            pending.cancel(false);
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                // The shared resolver's own timeout (set by the first check of the run) came first.
                throw new TimedOut(Math.min(budgetMillis, (System.nanoTime() - start) / 1_000_000), asked);
            }
            if (cause instanceof java.net.PortUnreachableException || cause instanceof java.net.ConnectException) {
                throw new QueryFailed("refused: nothing listens for DNS on " + endpoint + " (port unreachable)");
            }
            String why = cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            throw new QueryFailed("no answer from " + endpoint + " for TXT " + DnsNames.show(qname) + " (" + why + ")");
        }
    }

    /** A network failure other than a timeout; turned into {@link Failed} by the caller. */
    static final class QueryFailed extends RuntimeException {
        QueryFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** One TXT record's character-strings, concatenated without separators (RFC 7208 §3.3, RFC 6376 §3.6.2.2). */
    static String joined(TXTRecord txt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : txt.getStringsAsByteArrays()) {
            out.writeBytes((byte[]) part);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
