package dev.prodaudit.probe.http;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.ProbeContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The HTTP requests of one check, all within the check's time budget. The budget is the check's timeout less a
 * small margin, so the probe itself reports "timed out after N ms" with the endpoint before the engine's watchdog
 * would; an endpoint that timed out is recorded in {@link HungTargets} and every later request to it in this run
 * fails at once with the same reason. Only GET, HEAD and OPTIONS can be sent: the audit never writes.
 */
final class HttpSession {
    /** The methods a probe may send. Anything else is a bug in the probe, not a configuration choice. */
    static final Set<String> READ_ONLY = Set.of("GET", "HEAD", "OPTIONS");
    /** How much of a body is read and judged. */
    static final long BODY_LIMIT = 1 << 20;
    /** Redirects followed at most for one request: okhttp's own limit on the follow-ups of a call. */
    static final int MAX_REDIRECTS = 20;
    private static final String USER_AGENT = "prodaudit (production-readiness audit; read-only)";

    private final ProbeContext ctx;
    private final HungTargets hung;
    private final long budgetMillis;
    private final long deadline;

    private HttpSession(ProbeContext ctx, HungTargets hung, long budgetMillis, long start) {
        this.ctx = ctx;
        this.hung = hung;
        this.budgetMillis = budgetMillis;
        this.deadline = start + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    }

    /**
     * A session for one check of {@code ctx}. Its budget counts from now, before the run's clients are built: the
     * first request of a run pays for building its client (and for loading the HTTP and TLS classes) within its
     * check's timeout. Probes pass the time they started instead, so that nothing they do first is left out.
     */
    static HttpSession open(ProbeContext ctx) {
        return open(ctx, System.nanoTime());
    }

    /** A session whose budget counts from {@code startNanos} ({@link System#nanoTime()} when the probe started). */
    static HttpSession open(ProbeContext ctx, long startNanos) {
        return new HttpSession(ctx, HungTargets.of(ctx), budget(ctx.timeout().toMillis()), startNanos);
    }

    /** A little under the check's timeout: a tenth of it, at least 50 ms and at most 250 ms less. */
    static long budget(long timeoutMillis) {
        return Deadline.budget(timeoutMillis);
    }

    long budgetMillis() {
        return budgetMillis;
    }

    /** host:port, the key under which a hung endpoint is remembered. */
    static String endpoint(okhttp3.HttpUrl url) {
        return url.host() + ":" + url.port();
    }

    /**
     * Sends one request and reads the response (its body up to {@link #BODY_LIMIT}).
     *
     * <p>Redirects are followed here, one hop at a time, rather than inside okhttp: each hop then goes through the
     * client its own scheme needs, so a run whose requests and redirects stay on http:// never loads the trust store
     * (okhttp would need its TLS client for any request that might be sent on to https://). The rules are okhttp's
     * own ({@code RetryAndFollowUpInterceptor}): 300, 301, 302, 303, 307 and 308 with a Location that resolves are
     * followed, at most {@value #MAX_REDIRECTS} times; OPTIONS becomes GET except on 307 and 308; the Authorization
     * header is dropped when a hop leaves the scheme, host and port it was given for.
     *
     * @param headers request headers from the catalogue, may be empty
     * @param follow  follow redirects (within the same budget)
     */
    Reply send(String method, okhttp3.HttpUrl url, Map<String, String> headers, boolean follow) throws ProbeFailure {
        String verb = method.toUpperCase(Locale.ROOT);
        if (!READ_ONLY.contains(verb)) {
            throw new IllegalArgumentException("the audit sends only GET, HEAD and OPTIONS requests, not " + verb);
        }
        Request.Builder rb = new Request.Builder().url(url).header("User-Agent", USER_AGENT);
        headers.forEach(rb::header);
        rb.method(verb, null);
        Request request = rb.build();
        for (int redirects = 0; ; redirects++) {
            // A hop after the first goes where the server said: shown as a Location is, without its query.
            String what = redirects == 0 ? request.method() + " " + Show.url(url)
                    : request.method() + " " + Show.location(request.url()) + " (redirected from " + Show.url(url) + ")";
            Hop hop = exchange(request, what, redirects > 0, follow);
            if (hop.next() == null) {
                return hop.reply();
            }
            if (redirects == MAX_REDIRECTS) {
                throw new ProbeFailure(ProbeFailure.Kind.IO, verb + " " + Show.url(url) + " failed: more than "
                        + MAX_REDIRECTS + " redirects");
            }
            request = hop.next();
        }
    }

    /** What one exchange gave: the reply, or the request a followed redirect leads to. */
    private record Hop(Reply reply, Request next) {
    }

    /** One request without redirects, through the client its scheme needs; {@code redirected}: a server chose its URL. */
    private Hop exchange(Request request, String what, boolean redirected, boolean follow) throws ProbeFailure {
        okhttp3.HttpUrl url = request.url();
        String endpoint = endpoint(url);
        java.util.Optional<String> earlier = hung.earlierTimeout(endpoint);
        if (earlier.isPresent()) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, earlier.get());
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "timed out after " + budgetMillis + " ms: no time left for " + what);
        }
        // Plain http:// never meets TLS: the cleartext client spares the run the trust store.
        OkHttpClient client = HttpClients.within(HttpClients.forUrl(ctx, url), left);
        try (Response r = client.newCall(request).execute()) {
            Request next = follow ? redirect(r) : null;
            if (next != null) {
                return new Hop(null, next);
            }
            String body = request.method().equals("HEAD") ? "" : r.peekBody(BODY_LIMIT).string();
            return new Hop(new Reply(request.method(), url, redirected, r.code(), r.headers(), body), null);
        } catch (InterruptedIOException e) {
            // Read, connect and call timeouts all land here. A request that had most of the budget and still got
            // no answer marks the endpoint hung for the rest of the run.
            if (left >= budgetMillis / 2 && !Thread.currentThread().isInterrupted()) {
                hung.timedOut(endpoint, left);
            }
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "timed out after " + left + " ms: " + what);
        } catch (UnknownHostException e) {
            throw new ProbeFailure(ProbeFailure.Kind.DNS, "cannot resolve " + url.host() + ": " + what);
        } catch (ConnectException e) {
            throw new ProbeFailure(ProbeFailure.Kind.REFUSED, "connection refused by " + endpoint + ": " + what);
        } catch (SSLException e) {
            throw new ProbeFailure(ProbeFailure.Kind.TLS, "TLS handshake with " + endpoint + " failed (" + reason(e)
                    + "): " + what + "; if its CA is private, pass it with --ca-file");
        } catch (IOException e) {
            throw new ProbeFailure(ProbeFailure.Kind.IO, what + " failed: " + reason(e));
        }
    }

    /** The request a redirect leads to, as okhttp builds it; null when the response is not one to follow. */
    static Request redirect(Response response) {
        switch (response.code()) {
            case 300, 301, 302, 303, 307, 308 -> { }
            default -> {
                return null;
            }
        }
        String location = response.header("Location");
        okhttp3.HttpUrl from = response.request().url();
        okhttp3.HttpUrl to = location == null ? null : from.resolve(location);
        if (to == null) {
            return null;
        }
        Request.Builder next = response.request().newBuilder().url(to);
        String method = response.request().method();
        boolean keepsMethod = method.equals("GET") || method.equals("HEAD") || response.code() == 307 || response.code() == 308;
        if (!keepsMethod) {
            next.method("GET", null).removeHeader("Transfer-Encoding").removeHeader("Content-Length").removeHeader("Content-Type");
        }
        if (!from.scheme().equals(to.scheme()) || !from.host().equals(to.host()) || from.port() != to.port()) {
            next.removeHeader("Authorization");
        }
        return next.build();
    }

    private static String reason(Throwable e) {
        return Show.clip(ProbeFailure.reason(e));
    }
}
