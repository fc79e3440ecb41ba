package dev.prodaudit.probe.tls;

import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Fact;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code type: tls}: for each endpoint, which of TLS 1.0 to 1.3 the server accepts (one handshake per version,
 * offering only that version), the negotiated protocol and cipher, and the certificate: days to expiry, chain
 * trusted by what every TLS-speaking probe trusts ({@link dev.prodaudit.probe.CaTrust}: the system store plus the
 * audit's CA file), hostname, key size and signature algorithm. The handshakes themselves trust anything and offer
 * TLS 1.0 and 1.1 too ({@link TlsPolicy}), since they ask the server which versions it speaks.
 *
 * <p>The endpoints of a check share its time budget ({@link Budget}, the shared {@link Deadline}): a hung endpoint
 * costs one share, is reported "timed out after N ms" and is remembered ({@link HungTargets}) so later checks in the
 * run are told at once.
 */
public final class TlsProbe implements Probe<TlsSpec> {

    static final String NOT_CONFIGURED = TargetKind.TLS.notConfigured();
    static final String LEGACY_DISABLED = "this JVM cannot offer TLS 1.0/1.1; run through ./audit";

    /** Newest first: when time runs short, what matters most is already known. */
    private static final List<String> ORDER = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

    private static final ExecutorService RESOLVER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tls-probe-resolve");
        t.setDaemon(true);
        return t;
    });

    @Override
    public String type() {
        return "tls";
    }

    @Override
    public Class<TlsSpec> specType() {
        return TlsSpec.class;
    }

    @Override
    public Set<Evidence> evidence(TlsSpec spec) {
        return Set.of(Evidence.CONFIG, Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(TlsSpec spec) {
        // Endpoints in the spec replace targets.tls, and with it the API and front-end URLs it defaults to.
        return spec.endpoints().isEmpty() ? List.of(TargetKind.TLS) : List.of();
    }

    @Override
    public Outcome run(TlsSpec spec, ProbeContext ctx) {
        // The clock starts now, as the runner's does: loading the trust store and the first JSSE use take time too.
        long started = System.nanoTime();
        if (!TlsPolicy.legacyProtocolsAllowed()) {
            return Outcome.error(LEGACY_DISABLED);
        }
        List<String> endpoints = !spec.endpoints().isEmpty() ? spec.endpoints()
                : ctx.targets() == null ? List.of() : ctx.targets().tls();
        List<Finding> findings = spec.endpoints().isEmpty() ? plainHttp(ctx, endpoints.isEmpty()) : new ArrayList<>();
        if (endpoints.isEmpty()) {
            return findings.isEmpty() ? Outcome.error(NOT_CONFIGURED) : Outcome.from(findings);
        }
        Path caFile = ctx.targets() == null ? null : ctx.targets().caFile();
        CertificateChecks.Anchors anchors;
        try {
            anchors = CertificateChecks.Anchors.load(caFile);
        } catch (Exception e) {
            return Outcome.error("cannot read the CA file " + caFile + ": " + e.getMessage());
        }
        Handshaker handshaker;
        try {
            handshaker = new Handshaker();
        } catch (GeneralSecurityException e) {
            return Outcome.error("cannot set up a TLS client: " + e.getMessage());
        }
        Budget budget = new Budget(started, ctx.timeout() == null ? Duration.ofSeconds(10) : ctx.timeout(), endpoints.size());
        HungTargets hung = HungTargets.of(ctx);
        List<Fact> expiries = new ArrayList<>();
        for (String text : endpoints) {
            EndpointReport r = scan(text, spec, handshaker, anchors, budget, hung);
            budget.endpointDone();
            findings.add(Finding.of(r.status(), r.line()));
            if (r.notAfter() != null) {
                expiries.add(new Fact.CertificateExpiry(r.endpoint(), r.notAfter()));
            }
        }
        return Outcome.from(findings).withFacts(expiries);
    }

    /**
     * The app's public URLs that are plain http: a FAIL each, whatever the TLS endpoints say, since browsers use these
     * URLs as written. NEXT_PUBLIC_API_URL and FRONTEND_URL are judged as the env file sets them (pinned to file:line);
     * the configured targets too when no TLS endpoint is left to judge ({@code noEndpoints}), since an audit.yaml
     * with explicit {@code targets.tls} may reach the app through an internal http address.
     */
    static List<Finding> plainHttp(ProbeContext ctx, boolean noEndpoints) {
        List<Finding> findings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String[] url : List.of(new String[] {"NEXT_PUBLIC_API_URL", "the API", "targets.baseUrl"},
                new String[] {"FRONTEND_URL", "the front end", "targets.frontendUrl"})) {
            String variable = url[0];
            String what = url[1];
            if (ctx.env() != null) {
                Optional<String> value = ctx.env().get(variable).map(String::strip);
                if (value.isPresent() && isPlainHttp(value.get()) && seen.add(value.get())) {
                    String message = what + " is served over plain http: " + variable + " is "
                            + Redactor.stripUriPasswords(value.get()) + "; serve it over https";
                    Env.Source source = ctx.env().sourceOf(variable).orElse(null);
                    findings.add(source != null && source.line() > 0
                            ? Finding.at(Status.FAIL, message, source.file(), source.line())
                            : Finding.of(Status.FAIL, message));
                }
            }
            String target = ctx.targets() == null ? null
                    : variable.equals("NEXT_PUBLIC_API_URL") ? ctx.targets().baseUrl() : ctx.targets().frontendUrl();
            if (noEndpoints && target != null && isPlainHttp(target.strip()) && seen.add(target.strip())) {
                findings.add(Finding.of(Status.FAIL, what + " is served over plain http: " + url[2] + " is "
                        + Redactor.stripUriPasswords(target.strip()) + "; serve it over https"));
            }
        }
        return findings;
    }

    private static boolean isPlainHttp(String url) {
        return url.regionMatches(true, 0, "http://", 0, 7) && url.length() > 7;
    }

    // ---- one endpoint ----

    /** What the probe learnt about one endpoint; {@code accepted} maps each decided version to its verdict. */
    /** @param notAfter when the leaf certificate the endpoint served expires; null when no handshake gave one */
    record EndpointReport(String endpoint, Status status, String line, Map<String, Boolean> accepted, Instant notAfter) {
        EndpointReport(String endpoint, Status status, String line, Map<String, Boolean> accepted) {
            this(endpoint, status, line, accepted, null);
        }
    }

    EndpointReport scan(String text, TlsSpec spec, Handshaker handshaker, CertificateChecks.Anchors anchors,
                        Budget budget, HungTargets hung) {
        Endpoint ep;
        try {
            ep = Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            return error(text.strip(), e.getMessage());
        }
        String key = ep.key();
        var earlier = hung.earlierTimeout(key);
        if (earlier.isPresent()) {
            return error(key, earlier.get());
        }
        List<InetAddress> addresses;
        long resolveMillis = budget.slice();
        try {
            addresses = resolve(ep.host(), resolveMillis);
        } catch (TimeoutException e) {
            hung.timedOut(key, resolveMillis);
            return error(key, "timed out after " + resolveMillis + " ms resolving " + ep.host());
        } catch (UnknownHostException e) {
            return error(key, "cannot resolve " + ep.host());
        }

        Map<String, Boolean> accepted = new LinkedHashMap<>();
        Map<String, Handshaker.Result> results = new LinkedHashMap<>();
        List<String> undecided = new ArrayList<>();
        long slice = budget.slice();
        if (slice <= 0) {
            return error(key, "timed out after " + budget.elapsedMillis() + " ms: the check's time ran out before "
                    + ORDER.get(0) + " was tried");
        }
        // One handshake per version, all at once and each within the same slice: the endpoint costs its slowest
        // handshake, not the sum of four. An answer about the endpoint itself (it refuses connections, it does not
        // speak TLS) decides at once, whichever handshake brings it; otherwise the answers are read in ORDER, as one
        // after the other would have been, and the certificate is read from the newest version that succeeded.
        Map<String, Handshaker.Result> answers = new LinkedHashMap<>();
        ExecutorService handshakes = Executors.newFixedThreadPool(ORDER.size(), r -> {
            Thread t = new Thread(r, "tls-probe-handshake");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<Map.Entry<String, Handshaker.Result>> done = new ExecutorCompletionService<>(handshakes);
            for (String version : ORDER) {
                done.submit(() -> Map.entry(version, attempt(handshaker, addresses, ep, version, slice)));
            }
            // Each handshake closes its own socket at the end of the slice; the extra second only covers a thread
            // that never got to run.
            long waitUntil = System.nanoTime() + (slice + 1_000) * 1_000_000;
            while (answers.size() < ORDER.size()) {
                Map.Entry<String, Handshaker.Result> answer = next(done, waitUntil);
                if (answer == null) {
                    break;
                }
                answers.put(answer.getKey(), answer.getValue());
                Handshaker.Kind kind = answer.getValue().kind();
                if (kind == Handshaker.Kind.CONNECT_FAILED || kind == Handshaker.Kind.NOT_TLS) {
                    return error(key, answer.getValue().detail());
                }
            }
        } finally {
            handshakes.shutdownNow();
        }
        for (String version : ORDER) {
            Handshaker.Result r = answers.getOrDefault(version,
                    new Handshaker.Result(Handshaker.Kind.TIMEOUT, "handshake", null, null, List.of(), slice));
            switch (r.kind()) {
                case ACCEPTED -> {
                    accepted.put(version, true);
                    results.put(version, r);
                }
                case REJECTED -> accepted.put(version, false);
                case CLIENT_ERROR -> undecided.add(shortName(version) + ": " + r.detail());
                case TIMEOUT -> {
                    hung.timedOut(key, slice);
                    return error(key, "timed out after " + slice + " ms (" + version + " " + r.detail() + ")");
                }
                default -> throw new IllegalStateException(r.kind().toString());
            }
        }
        return judge(ep, spec, accepted, results, undecided, anchors);
    }

    /** One version's handshake with the first of the endpoint's addresses that takes a TCP connection. */
    private static Handshaker.Result attempt(Handshaker handshaker, List<InetAddress> addresses, Endpoint ep, String version,
                                             long slice) {
        long deadline = System.nanoTime() + slice * 1_000_000;
        Handshaker.Result r = null;
        for (InetAddress a : addresses) {
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                break;
            }
            r = handshaker.attempt(a, ep.host(), ep.port(), version, remaining);
            if (r.kind() != Handshaker.Kind.CONNECT_FAILED) {
                return r;
            }
        }
        return r != null ? r : new Handshaker.Result(Handshaker.Kind.TIMEOUT, "connect", null, null, List.of(), slice);
    }

    /** The next handshake to finish, or null when none did by {@code waitUntil} ({@link System#nanoTime()}). */
    private static Map.Entry<String, Handshaker.Result> next(CompletionService<Map.Entry<String, Handshaker.Result>> done,
                                                             long waitUntil) {
        try {
            Future<Map.Entry<String, Handshaker.Result>> f = done.poll(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
            return f == null ? null : f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            // Handshaker.attempt turns every failure into a Result; this is a bug, reported as one line.
            throw new IllegalStateException(ProbeFailure.reason(e.getCause()), e.getCause());
        }
    }

    private static EndpointReport judge(Endpoint ep, TlsSpec spec, Map<String, Boolean> accepted,
                                        Map<String, Handshaker.Result> results, List<String> undecided,
                                        CertificateChecks.Anchors anchors) {
        String key = ep.key();
        Status status = Status.PASS;
        List<String> problems = new ArrayList<>();
        for (String v : spec.require()) {
            if (Boolean.FALSE.equals(accepted.get(v))) {
                problems.add(v + " not accepted (required)");
                status = Status.combine(status, Status.FAIL);
            }
        }
        for (String v : spec.forbid()) {
            if (Boolean.TRUE.equals(accepted.get(v))) {
                problems.add(v + " accepted (forbidden)");
                status = Status.combine(status, Status.FAIL);
            }
        }
        if (!undecided.isEmpty()) {
            problems.add("undecided " + String.join("; ", undecided));
            status = Status.combine(status, Status.ERROR);
        }
        Handshaker.Result best = ORDER.stream().map(results::get).filter(r -> r != null).findFirst().orElse(null);
        if (best == null) {
            String why = undecided.isEmpty() ? "accepts none of TLS 1.0, 1.1, 1.2, 1.3" : String.join("; ", undecided);
            return new EndpointReport(key, Status.ERROR, key + ": no TLS handshake succeeded: " + why, accepted);
        }
        List<String> versions = new ArrayList<>();
        for (String v : TlsSpec.VERSIONS) {
            if (Boolean.TRUE.equals(accepted.get(v))) {
                versions.add(shortName(v));
            }
        }
        StringBuilder line = new StringBuilder(key).append(": ");
        if (!problems.isEmpty()) {
            line.append(String.join(", ", problems)).append("; ");
        }
        line.append(best.protocol()).append(" (").append(best.cipher()).append("), accepts ")
                .append(String.join(" ", versions));

        List<X509Certificate> chain = best.chain();
        X509Certificate leaf = chain.get(0);
        Instant now = Instant.now();
        List<CertificateChecks.Verdict> verdicts = List.of(
                CertificateChecks.expiry(leaf, now, spec.warnDays(), spec.failDays()),
                CertificateChecks.key(leaf.getPublicKey(), spec.minRsaBits()),
                CertificateChecks.signature(chain),
                CertificateChecks.trust(chain, anchors, now),
                CertificateChecks.hostname(ep.host(), leaf));
        String cn = CertificateChecks.commonName(leaf);
        line.append("; certificate ").append(cn == null ? leaf.getSubjectX500Principal().getName() : "CN=" + cn);
        for (int i = 0; i < verdicts.size(); i++) {
            CertificateChecks.Verdict v = verdicts.get(i);
            line.append(i == 0 ? " " : ", ").append(v.text());
            status = Status.combine(status, v.undecided() ? Status.ERROR : !v.ok() ? Status.FAIL : v.warn() ? Status.WARN : Status.PASS);
        }
        return new EndpointReport(key, status, line.toString(), accepted, leaf.getNotAfter().toInstant());
    }

    private static EndpointReport error(String key, String reason) {
        return new EndpointReport(key, Status.ERROR, key + ": " + reason, Map.of());
    }

    /** TLSv1 -> 1.0, TLSv1.3 -> 1.3. */
    private static String shortName(String version) {
        return "TLSv1".equals(version) ? "1.0" : version.substring("TLSv".length());
    }

    private static List<InetAddress> resolve(String host, long millis) throws UnknownHostException, TimeoutException {
        if (CertificateChecks.isIpLiteral(host)) {
            return List.of(InetAddress.getByName(host)); // a literal: no lookup
        }
        CompletableFuture<InetAddress[]> f = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, RESOLVER);
        try {
            return List.of(f.get(Math.max(1, millis), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            throw new UnknownHostException(host + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException();
        }
    }

    // ---- parts ----

    /** {@code host:port}, {@code [v6]:port}, a bare host (port 443) or an https URL. */
    record Endpoint(String host, int port) {
        static Endpoint parse(String text) {
            String t = text.strip();
            if (t.regionMatches(true, 0, "https://", 0, 8)) {
                try {
                    URI u = URI.create(t);
                    if (u.getHost() == null) {
                        throw new IllegalArgumentException("not host:port: '" + t + "'");
                    }
                    String h = u.getHost();
                    if (h.startsWith("[") && h.endsWith("]")) {
                        h = h.substring(1, h.length() - 1);
                    }
                    return new Endpoint(h.toLowerCase(Locale.ROOT), u.getPort() > 0 ? u.getPort() : 443);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("not host:port: '" + t + "'");
                }
            }
            String host;
            String port = null;
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("not host:port: '" + t + "'");
                }
                host = t.substring(1, close);
                String rest = t.substring(close + 1);
                if (rest.startsWith(":")) {
                    port = rest.substring(1);
                } else if (!rest.isEmpty()) {
                    throw new IllegalArgumentException("not host:port: '" + t + "'");
                }
            } else {
                int colon = t.lastIndexOf(':');
                if (colon >= 0 && t.indexOf(':') == colon) {
                    host = t.substring(0, colon);
                    port = t.substring(colon + 1);
                } else {
                    host = t; // a bare host, or a bare IPv6 literal
                }
            }
            if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
                throw new IllegalArgumentException("not host:port: '" + t + "'");
            }
            int p = 443;
            if (port != null) {
                try {
                    p = Integer.parseInt(port);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not host:port: '" + t + "'");
                }
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("port out of range in '" + t + "'");
                }
            }
            return new Endpoint(host.toLowerCase(Locale.ROOT), p);
        }

        /** The endpoint as findings and {@link HungTargets} name it. */
        String key() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * The check's time, shared among its endpoints: each handshake may use what is left of its endpoint's equal share
     * of the remaining time. A handshake that times out ends its endpoint, so a hung endpoint costs one share and
     * the others get the rest. The whole is the check's {@link Deadline}, a little under its timeout, so the probe
     * reports its own "timed out" before the runner's watchdog does.
     */
    static final class Budget {
        private final long start;
        private final Deadline deadline;
        private int endpointsLeft;

        /** @param start when the check started ({@link System#nanoTime()}) */
        Budget(long start, Duration timeout, int endpoints) {
            this.start = start;
            this.deadline = Deadline.of(timeout, start);
            this.endpointsLeft = Math.max(1, endpoints);
        }

        /** The whole budget, in ms: the check's timeout less the margin of {@link Deadline}. */
        long budgetMillis() {
            return deadline.budgetMillis();
        }

        /** The time the current endpoint may still use, in ms (0: none left). */
        long slice() {
            long left = deadline.endNanos() - System.nanoTime();
            return left <= 0 ? 0 : left / endpointsLeft / 1_000_000;
        }

        /** The current endpoint is finished: its unused time goes to the others. */
        void endpointDone() {
            endpointsLeft = Math.max(1, endpointsLeft - 1);
        }

        long elapsedMillis() {
            return (System.nanoTime() - start) / 1_000_000;
        }
    }
}
