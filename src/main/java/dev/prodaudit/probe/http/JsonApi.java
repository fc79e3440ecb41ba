package dev.prodaudit.probe.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.prodaudit.probe.JsonReader;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A provider's JSON API (GitHub, GitLab, Prometheus, Alertmanager, MongoDB Atlas), read the way an audit may: GET
 * only, on the run's shared HTTP client (so {@code --ca-file} holds), every request within the check's
 * {@link Deadline}, bodies capped at {@value #MAX_BODY_BYTES} bytes. There is no method that writes.
 *
 * <p>Retries follow what the providers document for throttling and nothing else: a 429 or 503 that carries
 * {@code Retry-After} is retried (at most {@value #MAX_RETRIES} times) when the wait fits in what is left of the
 * budget; any other answer, 401/403/404 included, is returned for the probe to judge, because only the probe knows
 * what a 404 means for its item.
 *
 * <p>Credentials travel only in the header their scheme uses; failure messages name the provider and the endpoint's
 * path, never the query string (GitLab and Atlas put nothing secret there, but a user-configured URL might).
 */
public final class JsonApi {
    /** Larger answers are refused: a page of 100 check runs or snapshots is far below this. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** Retries of one request after 429/503 with Retry-After. */
    public static final int MAX_RETRIES = 2;
    private static final String USER_AGENT = "prodaudit (production-readiness audit; read-only)";
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*?\\brel=\"?next\"?");

    private final OkHttpClient client;
    private final String provider;
    private final Credentials credentials;
    private final Deadline deadline;
    private final Sleeper sleeper;
    /** The run's hung endpoints, or null for a client outside a run (its own tests). */
    private final HungTargets hung;
    private final List<String> requests;
    private final Map<String, String> fixedHeaders;

    JsonApi(OkHttpClient client, HungTargets hung, String provider, Credentials credentials, Deadline deadline,
            Sleeper sleeper) {
        this(client, hung, provider, credentials, deadline, sleeper, Map.of(), Collections.synchronizedList(new ArrayList<>()));
    }

    private JsonApi(OkHttpClient client, HungTargets hung, String provider, Credentials credentials, Deadline deadline,
                    Sleeper sleeper, Map<String, String> fixedHeaders, List<String> requests) {
        this.client = client;
        this.provider = provider;
        this.credentials = credentials;
        this.deadline = deadline;
        this.sleeper = sleeper;
        this.hung = hung;
        this.fixedHeaders = Map.copyOf(fixedHeaders);
        this.requests = requests;
    }

    /**
     * The same client sending these headers on every request too (GitHub's {@code Accept:
     * application/vnd.github+json} and {@code X-GitHub-Api-Version}); they replace the default {@code Accept}. Not
     * for credentials: those go through {@link Credentials}. The two share the record of requests sent.
     */
    public JsonApi withHeaders(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(fixedHeaders);
        all.putAll(headers);
        return new JsonApi(client, hung, provider, credentials, deadline, sleeper, all, requests);
    }

    /**
     * This client asking for {@code mediaType} instead of {@code application/json}: a versioned API selects its
     * resource version this way (Atlas Administration API v2: {@code application/vnd.atlas.2023-01-01+json}).
     */
    public JsonApi accepting(String mediaType) {
        return withHeaders(Map.of("Accept", mediaType));
    }

    /**
     * A client for one check's calls to {@code provider} (a name for messages: "GitHub API").
     *
     * @throws ProbeFailure when the run's HTTP client cannot be built (an unreadable CA file)
     */
    public static JsonApi of(ProbeContext ctx, String provider, Credentials credentials, Deadline deadline)
            throws ProbeFailure {
        return new JsonApi(HttpClients.of(ctx), HungTargets.of(ctx), provider, credentials, deadline, Thread::sleep);
    }

    /** How the client waits before a retry; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** How requests authenticate. */
    public sealed interface Credentials {
        /** No credentials (a Prometheus on a private network). */
        static Credentials none() {
            return new None();
        }

        /** {@code Authorization: Bearer <token>} (GitHub, Prometheus behind a proxy). */
        static Credentials bearer(String token) {
            return new Header("Authorization", "Bearer " + token);
        }

        /** One header carrying a token (GitLab's {@code PRIVATE-TOKEN} or {@code JOB-TOKEN}). */
        static Credentials header(String name, String value) {
            return new Header(name, value);
        }

        /** HTTP Basic. */
        static Credentials basic(String user, String password) {
            return new Header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }

        /** HTTP Digest (RFC 7616), answering the server's challenge; MongoDB Atlas's API keys work this way. */
        static Credentials digest(String user, String password) {
            return new Digest(user, password);
        }
    }

    record None() implements Credentials {
    }

    record Header(String name, String value) implements Credentials {
        @Override
        public String toString() {
            return "Header[" + name + "]";
        }
    }

    record Digest(String user, String password) implements Credentials {
        @Override
        public String toString() {
            return "Digest[" + user + "]";
        }
    }

    /**
     * One answer: its status, its body as JSON ({@link MissingNode} when it is not JSON), its headers and the URL
     * that answered.
     */
    public record Answer(int status, JsonNode json, okhttp3.Headers headers, String url) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The URL of the next page, from the RFC 8288 {@code Link} header, if there is one. */
        public Optional<String> nextPage() {
            for (String link : headers.values("Link")) {
                Matcher m = NEXT_LINK.matcher(link);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
            return Optional.empty();
        }
    }

    /** One GET. Any status is an answer; only no answer at all (timeout, refusal, oversized body) is a failure. */
    public Answer get(String url) throws ProbeFailure {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new ProbeFailure(ProbeFailure.Kind.CONFIG, provider + ": not an http(s) URL: " + Show.clip(url));
        }
        String what = "GET " + parsed.encodedPath();
        for (int attempt = 0; ; attempt++) {
            Answer answer = send(parsed, what, credentials instanceof Header h ? h : null);
            if (answer.status() == 401 && credentials instanceof Digest digest) {
                Optional<DigestChallenge> challenge = answer.headers().values("WWW-Authenticate").stream()
                        .map(DigestChallenge::parse).flatMap(Optional::stream).findFirst();
                if (challenge.isPresent()) {
                    String response = challenge.get().authorization(digest.user(), digest.password(), "GET",
                            requestTarget(parsed));
                    answer = send(parsed, what, new Header("Authorization", response));
                }
            }
            if ((answer.status() != 429 && answer.status() != 503) || attempt == MAX_RETRIES) {
                return answer;
            }
            Optional<Long> wait = answer.header("Retry-After").flatMap(v -> retryAfterMillis(v, System::currentTimeMillis));
            if (wait.isEmpty() || wait.get() >= deadline.left()) {
                return answer;
            }
            try {
                sleeper.sleep(wait.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, provider + ": interrupted while waiting to retry " + what);
            }
        }
    }

    /**
     * Every page of a paged listing, following {@code Link: <...>; rel="next"} from {@code url}, at most
     * {@code maxPages} pages; the listing stops at the first answer that is not 2xx (which is returned last).
     */
    public List<Answer> getAll(String url, int maxPages) throws ProbeFailure {
        List<Answer> pages = new ArrayList<>();
        String next = url;
        while (next != null && pages.size() < maxPages) {
            Answer page = get(next);
            pages.add(page);
            next = page.ok() ? page.nextPage().orElse(null) : null;
        }
        return pages;
    }

    /** "GET /path?query" of every request sent, in order, for tests that prove the audit only reads. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** One GET carrying {@code auth} (the credentials' header, or a digest answer), or no credentials when null. */
    private Answer send(HttpUrl url, String what, Header auth) throws ProbeFailure {
        long left = deadline.left();
        if (left <= 0) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, provider + ": timed out after " + deadline.budgetMillis()
                    + " ms: no time left for " + what);
        }
        OkHttpClient timed = HttpClients.within(client, left);
        Request.Builder request = new Request.Builder().url(url).get()
                .header("User-Agent", USER_AGENT).header("Accept", "application/json");
        fixedHeaders.forEach(request::header);
        if (auth != null) {
            request.header(auth.name(), auth.value());
        }
        String endpoint = url.host() + ":" + url.port();
        Optional<String> earlier = hung == null ? Optional.empty() : hung.earlierTimeout(endpoint);
        if (earlier.isPresent()) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, provider + ": " + earlier.get() + ": " + what);
        }
        requests.add("GET " + requestTarget(url));
        try (Response response = timed.newCall(request.build()).execute()) {
            return new Answer(response.code(), json(response.body(), what), response.headers(), url.toString());
        } catch (InterruptedIOException e) {
            // As for the HTTP checks: a provider that had most of the budget and did not answer is not asked again in
            // this run, so the three CI checks against a hung GitHub cost one timeout, not three.
            if (hung != null && left >= deadline.budgetMillis() / 2 && !Thread.currentThread().isInterrupted()) {
                hung.timedOut(endpoint, left);
            }
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, provider + ": timed out after " + left + " ms: " + what
                    + " on " + endpoint);
        } catch (UnknownHostException e) {
            throw new ProbeFailure(ProbeFailure.Kind.DNS, provider + ": cannot resolve " + url.host() + ": " + what);
        } catch (ConnectException e) {
            throw new ProbeFailure(ProbeFailure.Kind.REFUSED, provider + ": connection refused by " + endpoint + ": " + what);
        } catch (SSLException e) {
            throw new ProbeFailure(ProbeFailure.Kind.TLS, provider + ": TLS handshake with " + endpoint + " failed ("
                    + Show.clip(ProbeFailure.reason(e)) + "); if its CA is private, pass it with --ca-file");
        } catch (IOException e) {
            throw new ProbeFailure(ProbeFailure.Kind.IO, provider + ": " + what + " on " + endpoint + " failed: "
                    + Show.clip(ProbeFailure.reason(e)));
        }
    }

    private JsonNode json(ResponseBody body, String what) throws IOException, ProbeFailure {
        byte[] bytes;
        try (InputStream in = body.byteStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ProbeFailure(ProbeFailure.Kind.IO, provider + ": " + what + " answered more than "
                    + MAX_BODY_BYTES / (1024 * 1024) + " MiB; refused");
        }
        if (bytes.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JsonReader.readTree(bytes);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    /** The path and query as sent on the request line, which is what a digest response covers. */
    static String requestTarget(HttpUrl url) {
        return url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery());
    }

    /**
     * How long {@code Retry-After} asks to wait: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3); empty when
     * it is neither.
     */
    static Optional<Long> retryAfterMillis(String value, LongSupplier nowMillis) {
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Long.parseLong(v) * 1000);
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(Math.max(0, at.toEpochMilli() - nowMillis.getAsLong()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
